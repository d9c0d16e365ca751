#include "domain/events.hpp"

#include <string>

#include "taskflow/events/message.hpp"

namespace taskflow::tasks {

nlohmann::json make_event(EventType type, std::string_view event_id, Timestamp occurred_at,
                          std::int64_t user_id, nlohmann::json data) {
  return events::make_message(type, event_id, format_timestamp(occurred_at), user_id,
                              std::move(data));
}

std::optional<EventType> event_for_update(const Task& before, const Task& after) {
  if (before.status != Status::done && after.status == Status::done) {
    return EventType::task_completed;
  }
  if (has_visible_changes(before, after)) return EventType::task_updated;
  return std::nullopt;
}

}  // namespace taskflow::tasks
