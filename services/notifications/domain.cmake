# The notifications service's domain rules: event parsing, templates, request validation, live
# messages, as plain functions without I/O. Paths are relative to this file.
add_library(taskflow_notifications_domain STATIC
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/event.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/live_message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/notification.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/requests.cpp
)
target_include_directories(taskflow_notifications_domain PUBLIC ${CMAKE_CURRENT_LIST_DIR}/src)
target_link_libraries(taskflow_notifications_domain
  PUBLIC nlohmann_json::nlohmann_json fmt::fmt taskflow::events taskflow::validation)

if(TASKFLOW_BUILD_TESTS)
  taskflow_add_test(notifications_domain_tests
    SOURCES
      ${CMAKE_CURRENT_LIST_DIR}/tests/event_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/live_message_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/notification_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/requests_test.cpp
    LIBS taskflow_notifications_domain
  )
endif()
