#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/project.hpp"

// Who may do what in a project: the one place that decides, as a table of the least role each
// action needs. Every endpoint asks it with the caller's Access to the project of what it acts
// on, read in the same statement as the thing itself (no query of its own). The SQL scope of
// lists and counts (app/task_sql.hpp's visible_tasks_condition) is the "view" row of the table.
namespace taskflow::tasks {

// The authenticated user making the request.
struct Caller {
  std::int64_t user_id = 0;
};

enum class Action {
  view,  // the project, its tasks, comments, attachments, members, labels and activity
  comment,
  create_task,
  update_task,  // fields, assignees, labels, board position
  delete_task,
  attach,
  manage_labels,
  edit_project,    // name, description, color
  manage_members,  // invite, change roles and remove members who are not owners
  manage_owners,   // make, demote or remove an owner
  archive_project,
  delete_project,
};

// The caller's place in a project: their role, none when not a member.
struct Access {
  std::optional<Role> role;
  bool archived = false;
  bool personal = false;  // the project is someone's personal one
};

struct Verdict {
  enum class Kind { allowed, not_found, forbidden };
  Kind kind = Kind::allowed;
  std::string_view detail;  // why, when forbidden

  bool allowed() const { return kind == Kind::allowed; }
};

// Non-members learn nothing: not_found, as if the project did not exist. A member without the
// role gets forbidden. An archived project is read-only until an owner restores it (or
// deletes it): only view, archive_project and delete_project pass.
Verdict authorize(const Access& access, Action action);

// The least role the action needs.
Role required_role(Action action);

}  // namespace taskflow::tasks
