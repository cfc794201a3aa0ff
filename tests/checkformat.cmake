# Runs clang-format in dry-run mode over every C++ source of the project and fails, naming the
# files, when any would change. Called by the style.clang-format test.
file(GLOB_RECURSE sources
     ${SOURCE_DIR}/app/*.cpp ${SOURCE_DIR}/app/*.h
     ${SOURCE_DIR}/ui/*.cpp ${SOURCE_DIR}/ui/*.h
     ${SOURCE_DIR}/tests/*.cpp ${SOURCE_DIR}/tests/*.h)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${sources}
                RESULT_VARIABLE result ERROR_VARIABLE complaints)
if(NOT result EQUAL 0)
    string(REGEX MATCHALL "[^\n]+: error: code should be clang-formatted" lines "${complaints}")
    set(files "")
    foreach(line IN LISTS lines)
        string(REGEX REPLACE ":[0-9]+:[0-9]+: error:.*" "" file "${line}")
        list(APPEND files "${file}")
    endforeach()
    list(REMOVE_DUPLICATES files)
    list(JOIN files "\n  " listing)
    message(FATAL_ERROR "not clang-formatted (run clang-format -i on them):\n  ${listing}")
endif()
