#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "app/task_service.hpp"
#include "domain/label.hpp"
#include "domain/membership.hpp"
#include "domain/project.hpp"

namespace taskflow::tasks {

// The projects use cases, one a request, as TaskService's: each asks the policy through
// permitted, runs its transaction, then invalidates the cached reads it changed and wakes the
// relay. nullopt: no such project for this caller (404).
class ProjectService {
 public:
  ProjectService(TasksDeps deps, TaskService& tasks) : d_(std::move(deps)), tasks_(tasks) {}

  // The caller's projects, their personal one (made on first need) first.
  Awaitable<std::vector<ProjectView>> list(const Caller& caller);
  // The caller owns the new project.
  Awaitable<ProjectView> create(const Caller& caller, const NewProject& input);
  Awaitable<std::optional<ProjectView>> get(const Caller& caller, std::int64_t id);
  Awaitable<std::optional<ProjectView>> update(const Caller& caller, std::int64_t id,
                                               const ProjectChanges& changes);
  // Deletes the project and its tasks, with a task_deleted event for each. False: no such
  // project for the caller.
  Awaitable<bool> remove(const Caller& caller, std::int64_t id);

  // Members and invitations. nullopt: no such project (or member, invitation) for the caller.
  Awaitable<std::optional<std::vector<Member>>> members(const Caller& caller,
                                                        std::int64_t project_id);
  // An existing user joins at once (Member); an unknown email is invited (Invitation).
  using Added = std::variant<Member, Invitation>;
  Awaitable<std::optional<Added>> add_member(const Caller& caller, std::int64_t project_id,
                                             const NewMember& input);
  Awaitable<std::optional<Member>> change_role(const Caller& caller, std::int64_t project_id,
                                               std::int64_t user_id, Role role);
  // A member may always remove themselves (leave); the last owner never.
  Awaitable<bool> remove_member(const Caller& caller, std::int64_t project_id,
                                std::int64_t user_id);
  Awaitable<std::optional<std::vector<Invitation>>> invitations(const Caller& caller,
                                                                std::int64_t project_id);
  Awaitable<bool> cancel_invitation(const Caller& caller, std::int64_t project_id,
                                    std::int64_t invitation_id);

  // Labels: any member reads them, admins change them. A name taken in the project throws
  // InvalidField; deleting a label takes it off the project's tasks.
  Awaitable<std::optional<std::vector<Label>>> labels(const Caller& caller,
                                                      std::int64_t project_id);
  Awaitable<std::optional<Label>> create_label(const Caller& caller, std::int64_t project_id,
                                               const NewLabel& input);
  Awaitable<std::optional<Label>> update_label(const Caller& caller, std::int64_t project_id,
                                               std::int64_t label_id, const LabelChanges& changes);
  Awaitable<bool> remove_label(const Caller& caller, std::int64_t project_id,
                               std::int64_t label_id);

  Awaitable<std::optional<ActivityPage>> activity(const Caller& caller, std::int64_t project_id,
                                                  const PageRequest& page);

 private:
  TasksDeps d_;
  TaskService& tasks_;
};

}  // namespace taskflow::tasks
