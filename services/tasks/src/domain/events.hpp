#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

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
