#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/task_enums.hpp"
#include "domain/timestamps.hpp"

// A task and the rules for changing it, the same on every path that writes one (create,
// PATCH, PUT, bulk update).
namespace taskflow::tasks {

struct Task {
  std::int64_t id = 0;       // 0 until the database assigns one
  std::int64_t user_id = 0;  // who created it
  std::int64_t project_id = 0;
  std::string title;
  std::string description;
  Priority priority = Priority::medium;
  Status status = Status::todo;
  std::optional<Timestamp> due_date;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> completed_at;
  std::vector<std::int64_t> assignee_ids;  // members of the project
  std::vector<std::int64_t> label_ids;     // labels of the project
  std::string position;                    // in its board column: domain/board_position.hpp
};

// A validated POST body, defaults applied.
struct NewTask {
  // nullopt: the creator's personal project.
  std::optional<std::int64_t> project_id;
  std::string title;
  std::string description;
  Priority priority = Priority::medium;
  Status status = Status::todo;
  std::optional<Timestamp> due_date;
  std::vector<std::int64_t> assignee_ids;
  std::vector<std::int64_t> label_ids;
};

// A validated PATCH, PUT or bulk update: the fields to change, absent ones stay as they are.
struct TaskChanges {
  std::optional<std::int64_t> project_id;  // moves the task to another project
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<Priority> priority;
  std::optional<Status> status;
  // Outer optional: whether due_date was sent; inner: the new date, or nullopt to clear it.
  std::optional<std::optional<Timestamp>> due_date;
  std::optional<std::vector<std::int64_t>> assignee_ids;
  std::optional<std::vector<std::int64_t>> label_ids;
  std::optional<std::string> position;  // set by a board move, never by a request body
};

// The task to insert into the project at `position`: created and updated now, completed now
// when created as done.
Task make_task(const NewTask& input, std::int64_t user_id, std::int64_t project_id, Timestamp now,
               std::string position);

// completed_at after a status change: set to now when the task becomes done, kept when it
// stays done, cleared when it leaves done (or was never done).
std::optional<Timestamp> apply_status_change(Status old_status, Status new_status,
                                             std::optional<Timestamp> old_completed_at,
                                             Timestamp now);

// The task after the changes, with updated_at = now (as Django's auto_now, even when nothing
// differs) and completed_at from apply_status_change. Labels belong to a project: a task moved
// to another one loses its labels unless the changes give it new ones.
Task apply_changes(Task task, const TaskChanges& changes, Timestamp now);

// The task's assignees that are among `members`: what stays of them when it moves to another
// project.
void keep_assignees_among(Task& task, const std::vector<std::int64_t>& members);

// Whether any client-writable field differs: what makes an update a real change.
bool has_visible_changes(const Task& before, const Task& after);

// The task object of docs/openapi.yaml, written as text (the fast path, for lists and details:
// building nlohmann::json objects cost most of a list request's time), and the same as a json
// value, for events and single-task responses. append_task_members writes the members without
// the braces, for callers that add more (the detail's comments and attachments).
void append_task_members(std::string& out, const Task& task);
std::string task_json_text(const Task& task);
nlohmann::json task_to_json(const Task& task);

}  // namespace taskflow::tasks
