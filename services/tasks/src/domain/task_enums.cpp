#include "domain/task_enums.hpp"

namespace taskflow::tasks {

std::string_view to_string(Priority priority) {
  switch (priority) {
    case Priority::low:
      return "low";
    case Priority::medium:
      return "medium";
    case Priority::high:
      return "high";
    case Priority::urgent:
      return "urgent";
  }
  return "";  // unreachable: every enumerator is handled above
}

std::string_view to_string(Status status) {
  switch (status) {
    case Status::todo:
      return "todo";
    case Status::in_progress:
      return "in_progress";
    case Status::review:
      return "review";
    case Status::done:
      return "done";
    case Status::cancelled:
      return "cancelled";
  }
  return "";  // unreachable: every enumerator is handled above
}

std::optional<Priority> parse_priority(std::string_view text) {
  for (const Priority priority : kPriorities) {
    if (to_string(priority) == text) return priority;
  }
  return std::nullopt;
}

std::optional<Status> parse_status(std::string_view text) {
  for (const Status status : kStatuses) {
    if (to_string(status) == text) return status;
  }
  return std::nullopt;
}

}  // namespace taskflow::tasks
