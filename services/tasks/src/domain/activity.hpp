#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/task.hpp"
#include "domain/task_extras.hpp"
#include "domain/timestamps.hpp"

// A project's history: one entry per change to its tasks, written in the change's transaction
// (app/activity_store.hpp), so the log and the tasks never disagree.
namespace taskflow::tasks {

enum class ActivityAction { created, updated, moved, deleted, commented, attached };

std::string_view to_string(ActivityAction action);
std::optional<ActivityAction> parse_activity_action(std::string_view text);

struct ActivityEntry {
  std::int64_t id = 0;  // 0 until the database assigns one
  std::int64_t project_id = 0;
  std::int64_t task_id = 0;  // kept after the task is deleted
  std::int64_t actor_id = 0;
  std::string actor_username;  // from the user directory when read; "" if unknown
  ActivityAction action = ActivityAction::updated;
  nlohmann::json changes = nlohmann::json::object();  // {field: [before, after]}
  Timestamp created_at;
};

// {field: [before, after]} for each client-visible field that differs, in the task object's
// form (dates as ISO 8601, choices as their names).
nlohmann::json task_changes(const Task& before, const Task& after);

// The entries of each kind of change, by `actor` at `at`. A comment's entry quotes its start.
ActivityEntry created_entry(const Task& task, std::int64_t actor, Timestamp at);
ActivityEntry changed_entry(ActivityAction action, const Task& before, const Task& after,
                            std::int64_t actor, Timestamp at);
ActivityEntry deleted_entry(const Task& task, std::int64_t actor, Timestamp at);
ActivityEntry commented_entry(const Task& task, const Comment& comment, Timestamp at);
ActivityEntry attached_entry(const Task& task, const Attachment& attachment, Timestamp at);

// {id, actor: {id, username}, task_id, action, changes, created_at}
nlohmann::json activity_to_json(const ActivityEntry& entry);

}  // namespace taskflow::tasks
