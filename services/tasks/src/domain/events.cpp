#include "domain/events.hpp"

#include <string>

namespace taskflow::tasks {

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
