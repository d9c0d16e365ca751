#include "domain/access_policy.hpp"

namespace taskflow::tasks {

Role required_role(Action action) {
  switch (action) {
    case Action::view:
      return Role::viewer;
    case Action::comment:
    case Action::create_task:
    case Action::update_task:
    case Action::delete_task:
    case Action::attach:
      return Role::editor;
    case Action::manage_labels:
    case Action::edit_project:
    case Action::manage_members:
      return Role::admin;
    case Action::manage_owners:
    case Action::archive_project:
    case Action::delete_project:
      return Role::owner;
  }
  return Role::owner;
}

Verdict authorize(const Access& access, Action action) {
  using Kind = Verdict::Kind;
  if (!access.role) return Verdict{.kind = Kind::not_found, .detail = "Not found."};
  if (*access.role < required_role(action)) {
    return Verdict{.kind = Kind::forbidden,
                   .detail = "You do not have permission to perform this action."};
  }
  const bool allowed_when_archived = action == Action::view || action == Action::archive_project ||
                                     action == Action::delete_project;
  if (access.archived && !allowed_when_archived) {
    return Verdict{.kind = Kind::forbidden,
                   .detail = "This project is archived: restore it to make changes."};
  }
  return Verdict{};
}

}  // namespace taskflow::tasks
