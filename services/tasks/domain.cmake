# The tasks service's domain rules: validation, status changes, who may do what, list queries,
# events, uploads, as plain functions without I/O, SQL or HTTP. Paths are relative to this file
# so it also works when included from elsewhere.
set(tasks_domain_units access_policy attachments events list_query path_id task task_enums
                       task_extras task_summary task_validation timestamps)
set(tasks_domain_sources ${tasks_domain_units})
list(TRANSFORM tasks_domain_sources PREPEND ${CMAKE_CURRENT_LIST_DIR}/src/domain/)
list(TRANSFORM tasks_domain_sources APPEND .cpp)
add_library(taskflow_tasks_domain STATIC ${tasks_domain_sources})
target_include_directories(taskflow_tasks_domain PUBLIC ${CMAKE_CURRENT_LIST_DIR}/src)
target_link_libraries(taskflow_tasks_domain
  PUBLIC nlohmann_json::nlohmann_json taskflow::events taskflow::text taskflow::validation
)

if(TASKFLOW_BUILD_TESTS)
  # One test file a unit.
  set(tasks_domain_tests ${tasks_domain_units})
  list(TRANSFORM tasks_domain_tests PREPEND ${CMAKE_CURRENT_LIST_DIR}/tests/)
  list(TRANSFORM tasks_domain_tests APPEND _test.cpp)
  taskflow_add_test(tasks_domain_tests SOURCES ${tasks_domain_tests} LIBS taskflow_tasks_domain)
endif()
