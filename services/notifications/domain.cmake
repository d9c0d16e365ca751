# The notifications service's domain rules: event parsing, templates, request validation, live
# messages, as plain functions without I/O. Included from this folder's CMakeLists.txt.
taskflow_add_domain(taskflow_notifications_domain
  UNITS event live_message notification requests
  PUBLIC nlohmann_json::nlohmann_json fmt::fmt taskflow::events taskflow::validation
  PRIVATE taskflow::text
  TESTS notifications_domain_tests
)
