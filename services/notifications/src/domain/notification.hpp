#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/event.hpp"

// The notification object (docs/openapi.yaml, Notification), made from an event with the
// catalogue's template.
namespace taskflow::notifications {

struct Notification {
  std::string id;  // the event's id: one event, one notification
  std::string title;
  std::string message;
  std::string type;  // info | success | warning | error
  std::string event_type;
  std::int64_t task_id = 0;
  std::string created_at;
  // Who made the change it tells of; nullopt for a reminder or an event of the original shape.
  // A client shows no toast for its own user's changes.
  std::optional<std::int64_t> actor_id;
};

// The notification for `event` (which must have a template: not a task_deleted), created when
// the event occurred, or `now` when the event did not say. One for each recipient: the same
// object, stored under each one's user.
Notification make_notification(const TaskEvent& event, std::chrono::system_clock::time_point now);

// {id, title, message, type, event_type, task_id, created_at, read, actor_id}
nlohmann::json to_json(const Notification& notification, bool read);

// ISO 8601 UTC, as the other services write timestamps: 2026-11-29T10:00:00Z, or with
// .ffffff when the microseconds are not zero.
std::string format_utc(std::chrono::system_clock::time_point at);

// The WebSocket frame telling a client its unread count.
std::string unread_count_frame(std::int64_t unread_count);

}  // namespace taskflow::notifications
