# The notifications service's domain rules: event parsing, templates, request validation, live
# messages, as plain functions without I/O. Included from this folder's CMakeLists.txt.
taskflow_add_domain(taskflow_notifications_domain
  UNITS event live_cursor live_message notification requests
  PUBLIC nlohmann_json::nlohmann_json fmt::fmt taskflow::events taskflow::validation
  PRIVATE taskflow::text
  TESTS notifications_domain_tests
)

if(TASKFLOW_FUZZ)
  taskflow_add_fuzzer(notifications_event_fuzz SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz/event_fuzz.cpp
                      LIBS taskflow_notifications_domain)
  taskflow_add_fuzzer(notifications_requests_fuzz
                      SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz/requests_fuzz.cpp
                      LIBS taskflow_notifications_domain)
endif()
