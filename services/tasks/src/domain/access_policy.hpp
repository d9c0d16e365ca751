#pragma once

#include <cstdint>

#include "domain/task.hpp"

// Who may do what with a task: the one place that decides, so that sharing tasks (teams,
// roles) changes this file and the SQL scope beside it (app/task_sql.hpp's
// visible_tasks_condition), not every use case.
namespace taskflow::tasks {

// The authenticated user making the request.
struct Caller {
  std::int64_t user_id = 0;
};

enum class TaskAction { create, view, update, remove, comment, attach };

// Whether the caller may do `action` on `task` (for create: the task about to be inserted).
// Today a task is its owner's alone. A refusal answers as a missing task (404), so no one
// learns which ids exist.
bool authorize(const Caller& caller, TaskAction action, const Task& task);

}  // namespace taskflow::tasks
