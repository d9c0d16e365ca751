# The tasks service's domain rules: validation, status changes, who may do what, list queries,
# events, uploads, the user events it reads, as plain functions without I/O, SQL or HTTP.
# Included from this folder's CMakeLists.txt.
taskflow_add_domain(taskflow_tasks_domain
  UNITS access_policy activity attachments board_position events label list_query membership
        path_id project task task_enums task_extras task_summary task_validation timestamps
        user_event
  PUBLIC nlohmann_json::nlohmann_json taskflow::events taskflow::text taskflow::validation
  TESTS tasks_domain_tests
)

if(TASKFLOW_FUZZ)
  foreach(fuzzer list_query bodies messages)
    taskflow_add_fuzzer(tasks_${fuzzer}_fuzz SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz/${fuzzer}_fuzz.cpp
                        LIBS taskflow_tasks_domain)
  endforeach()
endif()
