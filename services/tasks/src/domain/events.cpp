#include "domain/events.hpp"

#include <string>

namespace taskflow::tasks {

std::string_view event_type_name(EventType type) {
  switch (type) {
    case EventType::task_created:
      return "task_created";
    case EventType::task_updated:
      return "task_updated";
    case EventType::task_completed:
      return "task_completed";
    case EventType::task_deleted:
      return "task_deleted";
    case EventType::comment_added:
      return "comment_added";
    case EventType::task_due_soon:
      return "task_due_soon";
    case EventType::task_overdue:
      return "task_overdue";
  }
  return "";  // unreachable: every enumerator is handled above
}

std::string_view routing_key_for(EventType type) {
  switch (type) {
    case EventType::task_created:
      return "task.created";
    case EventType::task_updated:
      return "task.updated";
    case EventType::task_completed:
      return "task.completed";
    case EventType::task_deleted:
      return "task.deleted";
    case EventType::comment_added:
      return "task.comment_added";
    case EventType::task_due_soon:
      return "task.due_soon";
    case EventType::task_overdue:
      return "task.overdue";
  }
  return "";  // unreachable: every enumerator is handled above
}

nlohmann::json make_event(EventType type, std::string_view event_id, Timestamp occurred_at,
                          std::int64_t user_id, nlohmann::json data) {
  return {{"id", std::string(event_id)},
          {"type", std::string(event_type_name(type))},
          {"occurred_at", format_timestamp(occurred_at)},
          {"user_id", user_id},
          {"data", std::move(data)}};
}

std::optional<EventType> event_for_update(const Task& before, const Task& after) {
  if (before.status != Status::done && after.status == Status::done) {
    return EventType::task_completed;
  }
  if (has_visible_changes(before, after)) return EventType::task_updated;
  return std::nullopt;
}

}  // namespace taskflow::tasks
