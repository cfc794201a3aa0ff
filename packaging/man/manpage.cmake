# Writes a gzipped man page from a program's own --help and --version with help2man. It is made
# again whenever the program is built, so the page cannot fall behind the options.
#   cmake -DHELP2MAN=… -DPROGRAM=… -DINCLUDE=<hand-written .h2m> -DOUTPUT=<page.1.gz> [-DCOMMANDS=ON]
#         -P manpage.cmake
# With COMMANDS=ON, every command listed under "Commands:" in --help gets a section of its own,
# made from `PROGRAM <command> --help` (busmon-cli).

function(roff_escape text out)
    string(REPLACE "\\" "\\e" text "${text}")
    string(REPLACE "-" "\\-" text "${text}")
    string(REGEX REPLACE "^([.'])" "\\\\&\\1" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

# One command's --help as roff: its usage as a subsection title, the description, and each option
# as a tagged paragraph.
function(command_section program command out)
    execute_process(COMMAND "${program}" ${command} --help
                    OUTPUT_VARIABLE help ERROR_VARIABLE help_err RESULT_VARIABLE status)
    string(APPEND help "${help_err}")
    if(NOT status EQUAL 0 OR help STREQUAL "")
        message(FATAL_ERROR "'${program} ${command} --help' failed (${status}): ${help}")
    endif()
    get_filename_component(name "${program}" NAME)
    string(REPLACE ";" "\\;" help "${help}")
    string(REPLACE "\n" ";" lines "${help}")
    set(roff "")
    set(in_options OFF)
    foreach(line IN LISTS lines)
        if(line MATCHES "^Usage: +[^ ]+( +${command})?(.*)$")
            roff_escape("${name} ${command}${CMAKE_MATCH_2}" title)
            string(APPEND roff ".SS \"${title}\"\n")
        elseif(line MATCHES "^(Options|Arguments):$")
            set(in_options ON)
        elseif(line MATCHES "^ +$" OR line STREQUAL "")
            if(NOT in_options)
                string(APPEND roff ".PP\n")
            endif()
        elseif(in_options AND line MATCHES "^  ([^ ]+( [^ ]+)*)   *([^ ].*)$")
            roff_escape("${CMAKE_MATCH_1}" tag)
            roff_escape("${CMAKE_MATCH_3}" text)
            string(APPEND roff ".TP\n\\fB${tag}\\fR\n${text}\n")
        else()
            string(STRIP "${line}" line)
            roff_escape("${line}" text)
            string(APPEND roff "${text}\n")
        endif()
    endforeach()
    set(${out} "${roff}" PARENT_SCOPE)
endfunction()

# The programs write UTF-8 (…, →): in the C locale (help2man's default) it would turn into question
# marks.
set(ENV{LC_ALL} C.UTF-8)
get_filename_component(output_dir "${OUTPUT}" DIRECTORY)
get_filename_component(page_name "${OUTPUT}" NAME)
string(REGEX REPLACE "\\.gz$" "" page_name "${page_name}")
set(include "${INCLUDE}")
if(COMMANDS)
    execute_process(COMMAND "${PROGRAM}" --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "'${PROGRAM} --help' failed (${status})")
    endif()
    string(REGEX MATCH "Commands:\n(( +[^ \n]+ +[^\n]*\n)+)" listing "${help}")
    string(REGEX MATCHALL "\n +[^ \n]+" names "\n${CMAKE_MATCH_1}")
    if(NOT names)
        message(FATAL_ERROR "'${PROGRAM} --help' lists no commands under \"Commands:\"")
    endif()
    file(READ "${INCLUDE}" sections)
    string(APPEND sections "\n[COMMAND OPTIONS]\n")
    foreach(entry IN LISTS names)
        string(STRIP "${entry}" command)
        command_section("${PROGRAM}" "${command}" section)
        string(APPEND sections "${section}")
    endforeach()
    set(include "${output_dir}/${page_name}.h2m")
    file(WRITE "${include}" "${sections}")
endif()

execute_process(COMMAND "${HELP2MAN}" --locale=C.UTF-8 --no-info --no-discard-stderr --section 1 --include "${include}"
                        --output "${output_dir}/${page_name}" "${PROGRAM}"
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "help2man failed for ${PROGRAM}")
endif()
execute_process(COMMAND gzip -9nf "${output_dir}/${page_name}" RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "gzip failed for ${page_name}")
endif()
