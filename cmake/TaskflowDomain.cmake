# taskflow_add_domain(<target> UNITS <names...> [PUBLIC <targets...>] [PRIVATE <targets...>]
#                     [TESTS <test target>])
# A service's domain library: src/domain/<unit>.cpp for each unit, with src/ on its include
# path, and, when tests are built, one GoogleTest binary of tests/<unit>_test.cpp for each unit.
# Paths are relative to the folder of the list file that calls it.
function(taskflow_add_domain target)
  cmake_parse_arguments(ARG "" "TESTS" "UNITS;PUBLIC;PRIVATE" ${ARGN})
  set(sources ${ARG_UNITS})
  list(TRANSFORM sources PREPEND ${CMAKE_CURRENT_LIST_DIR}/src/domain/)
  list(TRANSFORM sources APPEND .cpp)
  add_library(${target} STATIC ${sources})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_LIST_DIR}/src)
  target_link_libraries(${target} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
  if(TASKFLOW_BUILD_TESTS AND ARG_TESTS)
    set(tests ${ARG_UNITS})
    list(TRANSFORM tests PREPEND ${CMAKE_CURRENT_LIST_DIR}/tests/)
    list(TRANSFORM tests APPEND _test.cpp)
    taskflow_add_test(${ARG_TESTS} SOURCES ${tests} LIBS ${target})
  endif()
endfunction()
