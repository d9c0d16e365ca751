#pragma once

#include <cstdint>
#include <optional>
#include <string>

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
};

// The task to insert into the project: created and updated now, completed now when created as
// done.
Task make_task(const NewTask& input, std::int64_t user_id, std::int64_t project_id, Timestamp now);

// completed_at after a status change: set to now when the task becomes done, kept when it
// stays done, cleared when it leaves done (or was never done).
std::optional<Timestamp> apply_status_change(Status old_status, Status new_status,
                                             std::optional<Timestamp> old_completed_at,
                                             Timestamp now);

// The task after the changes, with updated_at = now (as Django's auto_now, even when nothing
// differs) and completed_at from apply_status_change.
Task apply_changes(Task task, const TaskChanges& changes, Timestamp now);

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
