#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/task.hpp"
#include "domain/timestamps.hpp"
#include "taskflow/events/catalogue.hpp"

// The messages the tasks service puts on the events exchange; the types, routing keys and
// notification templates are libs/events/catalogue.json's.
namespace taskflow::tasks {

using events::event_type_name;
using events::EventType;
using events::routing_key_for;

// Who an event is for, beyond the original shape: the project's members (who see the change
// live) and what the notifications service needs to choose whom to notify.
struct EventAudience {
  std::optional<std::int64_t> actor_id;  // none: the service itself (a reminder)
  bool personal = true;                  // a personal project notifies its owner of everything
  std::vector<std::int64_t> member_ids;
  // The change members see live: created, updated, moved, deleted; empty: none.
  std::string action;
  bool quiet = false;  // a change that notifies nobody (a task reordered in its column)
  std::vector<std::int64_t> assigned_ids;   // task_assigned: who was just assigned
  std::vector<std::int64_t> mentioned_ids;  // mentioned: the members named in the comment
  std::string actor_name;                   // mentioned: for "{actor} mentioned you"
};

// {"id", "type", "occurred_at", "user_id", "data"[, "audience"]}. user_id is the task's
// creator; data is the task object (for task_deleted, as it was; for comment_added and
// mentioned, the task with the new comment under "comment"). audience: {"actor_id",
// "personal", "member_ids", "action", "quiet", "assigned_ids", "mentioned_ids", "actor_name"}.
nlohmann::json make_event(EventType type, std::string_view event_id, Timestamp occurred_at,
                          std::int64_t user_id, nlohmann::json data,
                          const std::optional<EventAudience>& audience = std::nullopt);

// The users assigned by the change: in `after`'s assignees and not in `before`'s.
std::vector<std::int64_t> newly_assigned(const Task& before, const Task& after);

// The usernames a comment mentions: "@name" at the start or after a character that cannot be
// part of a name, name being Django's username characters (letters, digits, @ . + - _), without
// trailing dots; lower case, each once, at most kMaxMentions.
inline constexpr std::size_t kMaxMentions = 20;
std::vector<std::string> mentioned_usernames(std::string_view content);

// The one event an update emits, the same for PATCH, PUT and each task of a bulk update:
// task_completed when the status became done, else task_updated when a writable field differs,
// else none. Completion replaces the update event rather than adding to it, so one action
// makes one notification; a consumer that wants every change binds task.updated and
// task.completed (both carry the full task).
std::optional<EventType> event_for_update(const Task& before, const Task& after);

}  // namespace taskflow::tasks
