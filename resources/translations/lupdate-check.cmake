# Runs lupdate over the application's sources into a temporary copy of each .ts file and fails on any
# warning lupdate prints ("tr() cannot be called without context", "Class 'X' lacks Q_OBJECT macro",
# "Discarding unconsumed meta data", ...): a string lupdate cannot place is a string nobody translates.
#   cmake -DPROJECT=<build>/translations/lupdate-project.cmake -DLUPDATE=<lupdate> -DWORK=<dir> -P lupdate-check.cmake
# The project file (written by the top-level CMakeLists.txt) sets LUPDATE_SOURCES, LUPDATE_INCLUDES,
# LUPDATE_OPTIONS and TS_FILES.
cmake_minimum_required(VERSION 3.22)
foreach(var PROJECT LUPDATE WORK)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "lupdate-check: -D${var}=... is required")
    endif()
endforeach()
include(${PROJECT})

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(copies "")
foreach(ts IN LISTS TS_FILES)
    cmake_path(GET ts FILENAME name)
    if(EXISTS ${ts})
        file(COPY_FILE ${ts} ${WORK}/${name})
    endif()
    list(APPEND copies ${WORK}/${name})
endforeach()
set(lines ${LUPDATE_SOURCES})
foreach(dir IN LISTS LUPDATE_INCLUDES)
    list(APPEND lines "-I${dir}")
endforeach()
list(JOIN lines "\n" listing)
file(WRITE ${WORK}/sources.lst "${listing}\n")

execute_process(COMMAND ${LUPDATE} ${LUPDATE_OPTIONS} @${WORK}/sources.lst -ts ${copies}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
string(REPLACE "\n" ";" output "${out}\n${err}")
set(warnings "")
foreach(line IN LISTS output)
    if(line STREQUAL ""
       OR line MATCHES "^Updating '.*'\\.\\.\\.$"
       OR line MATCHES "^Scanning directory '"
       OR line MATCHES "^Stripping non plural forms in '"
       OR line MATCHES "^    (Found|Kept|Removed) [0-9]+ "
       OR line MATCHES "^    (Same-text|Number) heuristic provided [0-9]+ ")
        continue()
    endif()
    list(APPEND warnings "${line}")
endforeach()

list(LENGTH LUPDATE_SOURCES sourceCount)
message(STATUS "lupdate read ${sourceCount} files")
foreach(ts IN LISTS TS_FILES)
    cmake_path(GET ts FILENAME name)
    if(EXISTS ${ts})
        file(READ ${ts} before)
        file(READ ${WORK}/${name} after)
        if(NOT before STREQUAL after)
            message(STATUS "note: ${name} is out of date (cmake --build <dir> --target update_translations)")
        endif()
        string(REGEX MATCHALL "<numerusform></numerusform>" empty "${after}")
        list(LENGTH empty emptyCount)
        if(emptyCount GREATER 0)
            message(STATUS "note: ${name} has ${emptyCount} empty plural forms to fill in")
        endif()
    endif()
endforeach()
if(NOT status EQUAL 0)
    list(APPEND warnings "lupdate exited with status ${status}")
endif()
list(LENGTH warnings count)
if(count GREATER 0)
    list(JOIN warnings "\n" text)
    message(FATAL_ERROR "lupdate printed ${count} warning(s):\n${text}")
endif()
message(STATUS "lupdate: no warnings")
