#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/task.hpp"
#include "domain/timestamps.hpp"

// The messages API.md's "Events" section puts on the taskflow.events exchange.
namespace taskflow::tasks {

enum class EventType {
  task_created,
  task_updated,
  task_completed,
  task_deleted,
  comment_added,
  task_due_soon,
  task_overdue,
};

// The message's "type": the event_type the notifications service keys its templates on
// (task_created … comment_added; task_deleted has no template and makes no notification).
std::string_view event_type_name(EventType type);

// task.created, task.updated, task.completed, task.deleted, task.comment_added,
// task.due_soon, task.overdue.
std::string_view routing_key_for(EventType type);

// {"id", "type", "occurred_at", "user_id", "data"}. data is the task object (for task_deleted,
// as it was; for comment_added, the task with the new comment under "comment").
nlohmann::json make_event(EventType type, std::string_view event_id, Timestamp occurred_at,
                          std::int64_t user_id, nlohmann::json data);

// The one event an update emits, the same for PATCH, PUT and each task of a bulk update:
// task_completed when the status became done, else task_updated when a writable field differs,
// else none. Completion replaces the update event rather than adding to it, so one action
// makes one notification; a consumer that wants every change binds task.updated and
// task.completed (both carry the full task).
std::optional<EventType> event_for_update(const Task& before, const Task& after);

}  // namespace taskflow::tasks
