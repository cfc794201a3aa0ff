# Sanitizer and fuzzing builds (tests/sanitizers/run-sanitizers.sh and tests/fuzz/run-fuzzers.sh make
# them; the ordinary build uses neither).
#   -DBUSMON_SANITIZE=address,undefined   every target built and linked with these sanitizers
#   -DBUSMON_SANITIZE=thread              ThreadSanitizer (not together with address)
#   -DBUSMON_FUZZ=ON                      clang only: coverage for libFuzzer everywhere
#                                         (-fsanitize=fuzzer-no-link) and the targets in tests/fuzz
set(BUSMON_SANITIZE "" CACHE STRING "Sanitizers for every target (-fsanitize=…): address,undefined or thread")
option(BUSMON_FUZZ "Build the libFuzzer targets in tests/fuzz (clang)" OFF)

if(BUSMON_SANITIZE)
    add_compile_options(-fsanitize=${BUSMON_SANITIZE} -fno-omit-frame-pointer)
    add_link_options(-fsanitize=${BUSMON_SANITIZE})
    if(BUSMON_SANITIZE MATCHES "undefined")
        # Undefined behaviour ends the program, so a test that meets it fails instead of printing.
        add_compile_options(-fno-sanitize-recover=undefined)
    endif()
endif()
if(BUSMON_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "BUSMON_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++-14")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()
