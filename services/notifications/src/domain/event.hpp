#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "taskflow/events/catalogue.hpp"

// The task events (libs/events/catalogue.json) as the notifications service reads them.
namespace taskflow::notifications {

using events::event_type_name;
using events::EventType;
using events::parse_event_type;

// Who an event of a project's task is for (the tasks service's "audience"; see
// services/tasks/src/domain/events.hpp). Events of the original shape have none.
struct Audience {
  std::optional<std::int64_t> actor_id;  // none: a reminder
  bool personal = true;
  std::vector<std::int64_t> member_ids;
  std::string action;  // the change members see live; empty: none
  bool quiet = false;  // notifies nobody
  std::vector<std::int64_t> assigned_ids;
  std::vector<std::int64_t> mentioned_ids;
  std::string actor_name;
};

// An event about a task: one that makes notifications, or that members see live, or both.
struct TaskEvent {
  std::string id;  // the idempotency key
  EventType kind;
  std::int64_t user_id;  // the task's creator
  std::int64_t task_id;
  std::string task_title;
  // When it happened; nullopt when the message's occurred_at is missing or not a timestamp.
  std::optional<std::chrono::system_clock::time_point> occurred_at;
  std::optional<Audience> audience;
  nlohmann::json task = nlohmann::json::object();  // the message's data
};

// A well-formed event that makes no notification and no live change: one the catalogue gives
// no template (task_deleted: the original had none, and a notification pointing at a task that
// no longer exists helps nobody) and no audience.
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

// Reads one message body: {"id", "type", "user_id", "data": {"id", "title", ...}[, "audience"]}.
// A malformed audience makes the message poison.
ParsedMessage parse_message(std::string_view body);

// Who gets a notification of the event. Without an audience, or in a personal project, its
// user_id (the original behaviour: the owner hears of their own changes). Otherwise the
// people concerned who are still members, never the actor: for task_assigned those just
// assigned, for mentioned those mentioned, else the task's assignees and creator (for
// comment_added less those mentioned, who get the mention instead). A quiet event, none.
std::vector<std::int64_t> notification_recipients(const TaskEvent& event);

// The live frame members get for the change, {"type": "task_changed", "project_id", "action",
// "task", "actor_id"} (a deletion's task: its id and project_id); nullopt for none.
std::optional<std::string> task_changed_frame(const TaskEvent& event);

}  // namespace taskflow::notifications
