#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/task.hpp"
#include "taskflow/validation/validated.hpp"

// Request body rules for tasks, bulk updates and comments, with Django REST Framework's
// messages. Strings follow DRF's CharField: trimmed (Python's str.strip()), and null,
// non-strings and NUL characters rejected; lengths count code points. The read-only fields of
// the objects the API returns are ignored, so a client may send back what it got; any other
// unknown field is an error ("Unexpected field.") rather than silently dropped. A body that is
// not an object gets a non_field_errors message, as in DRF.
namespace taskflow::tasks {

inline constexpr std::size_t kMaxTitleLength = 200;
inline constexpr std::size_t kMaxDescriptionLength = 10000;  // ours: the original had no limit
inline constexpr std::size_t kMaxCommentLength = 10000;
inline constexpr std::size_t kMaxBulkTaskIds = 1000;
inline constexpr std::size_t kMaxAssignees = 50;
inline constexpr std::size_t kMaxTaskLabels = 50;

// title required; description defaults to "", priority to medium, status to todo; due_date
// optional and nullable; project_id optional (absent or null: the personal project);
// assignee_ids and label_ids optional lists of ids (at most kMaxAssignees, kMaxTaskLabels;
// repeats dropped), whose membership of the project the use case checks.
validation::Validated<NewTask> validate_task_create(const nlohmann::json& body);

// partial: PATCH, where every field is optional. PUT (not partial) requires title only; the
// other fields, when omitted, keep their values, as DRF does for fields with a model default.
validation::Validated<TaskChanges> validate_task_update(const nlohmann::json& body, bool partial);

struct BulkUpdate {
  std::vector<std::int64_t> task_ids;  // positive, duplicates removed, in first-seen order
  TaskChanges changes;                 // only status, priority and due_date
};

// {"task_ids": [1, 2], "updates": {"status": "done"}}. task_ids: a non-empty JSON array of at
// most kMaxBulkTaskIds integers (not numeric strings), each ≥ 1. updates: a non-empty object
// of status, priority and due_date with the single-update rules; its errors are filed under
// "updates", each message starting with the field's name.
validation::Validated<BulkUpdate> validate_bulk_update(const nlohmann::json& body);

// POST {id}/move/: into `status`'s column (nullopt: the task's own), right after the task
// `after_id` of that column (nullopt: first).
struct BoardMove {
  std::optional<Status> status;
  std::optional<std::int64_t> after_id;
};

// {"status": "review", "after_id": 12}: after_id required (null: first in the column), status
// optional.
validation::Validated<BoardMove> validate_board_move(const nlohmann::json& body);

struct NewComment {
  std::string content;
};

// content: required, 1 to kMaxCommentLength characters after trimming.
validation::Validated<NewComment> validate_comment(const nlohmann::json& body);

}  // namespace taskflow::tasks
