#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "taskflow/events/catalogue.hpp"

// The task events (libs/events/catalogue.json) as the notifications service reads them.
namespace taskflow::notifications {

using events::event_type_name;
using events::EventType;
using events::parse_event_type;

// An event that makes a notification.
struct TaskEvent {
  std::string id;  // the idempotency key
  EventType kind;
  std::int64_t user_id;
  std::int64_t task_id;
  std::string task_title;
  // When it happened; nullopt when the message's occurred_at is missing or not a timestamp.
  std::optional<std::chrono::system_clock::time_point> occurred_at;
};

// A well-formed event that makes no notification: one the catalogue gives no template
// (task_deleted: the original had none, and a notification pointing at a task that no longer
// exists helps nobody).
struct SilentEvent {
  std::string id;
  EventType kind;
};

// A message that can never be processed, and why.
struct PoisonMessage {
  std::string reason;
};

using ParsedMessage = std::variant<TaskEvent, SilentEvent, PoisonMessage>;

// An ISO 8601 UTC timestamp as the services write them: YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z (the
// fraction truncated to microseconds). nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text);

// Reads one message body: {"id", "type", "user_id", "data": {"id", "title", ...}, ...}.
ParsedMessage parse_message(std::string_view body);

}  // namespace taskflow::notifications
