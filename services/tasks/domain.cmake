# The tasks service's domain rules: validation, status changes, list queries, events, uploads,
# as plain functions without I/O. Paths are relative to this file so it also works when
# included from elsewhere.
add_library(taskflow_tasks_domain STATIC
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/attachments.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/events.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/list_query.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/multipart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/path_id.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/task.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/task_enums.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/task_summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/task_validation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/timestamps.cpp
)
target_include_directories(taskflow_tasks_domain PUBLIC ${CMAKE_CURRENT_LIST_DIR}/src)
target_link_libraries(taskflow_tasks_domain
  PUBLIC nlohmann_json::nlohmann_json taskflow::events taskflow::text taskflow::validation
)

if(TASKFLOW_BUILD_TESTS)
  taskflow_add_test(tasks_domain_tests
    SOURCES
      ${CMAKE_CURRENT_LIST_DIR}/tests/attachments_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/events_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/list_query_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/multipart_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/path_id_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/task_enums_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/task_summary_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/task_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/task_validation_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/text_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/timestamps_test.cpp
    LIBS taskflow_tasks_domain
  )
endif()
