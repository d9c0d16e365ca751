#include "app/project_service.hpp"

#include "app/activity_store.hpp"
#include "app/label_store.hpp"
#include "app/membership_store.hpp"
#include "app/project_store.hpp"
#include "app/task_store.hpp"

namespace taskflow::tasks {
namespace {

// What deleting a project leaves to do after its commit.
struct RemovedProject {
  std::vector<std::int64_t> members;  // whose counts changed
  std::vector<std::string> files;     // attachments to delete from disk
};

// The actions a change needs: restoring an archived project comes first, so that the rest is
// judged as for a project in use.
bool permitted_changes(Access access, const ProjectChanges& changes) {
  if (changes.archived && !permitted(access, Action::archive_project)) return false;
  if (changes.archived) access.archived = *changes.archived;
  // An empty PATCH is judged as an edit too.
  const bool edits = changes.name || changes.description || changes.color || !changes.archived;
  return !edits || permitted(access, Action::edit_project);
}

InvalidField name_taken() {
  return InvalidField("name", "A label with this name already exists in this project.");
}

// `read` of a project the caller may view, outside a transaction.
template <class Read>
auto read_viewable_project(pg::Database& db, const Caller& caller, std::int64_t project_id,
                           Read read)
    -> Awaitable<std::optional<std::invoke_result_t<Read&, pqxx::transaction_base&>>> {
  using Result = std::invoke_result_t<Read&, pqxx::transaction_base&>;
  co_return co_await db.run([&](pqxx::connection& c) -> std::optional<Result> {
    pqxx::nontransaction tx(c);
    if (!permitted(task_store::project_access(tx, caller, project_id).access, Action::view)) {
      return std::nullopt;
    }
    return read(tx);
  });
}

// A label of a project the caller may view, locked, once the caller is found allowed to manage
// labels (Forbidden otherwise). nullopt: no such project or label for this caller.
std::optional<Label> label_to_manage(pqxx::work& tx, const Caller& caller, std::int64_t project_id,
                                     std::int64_t label_id) {
  auto found = project_store::find_for_update(tx, caller, project_id);
  if (!found || !permitted(found->access, Action::view)) return std::nullopt;
  auto label = label_store::find_for_update(tx, project_id, label_id);
  if (!label) return std::nullopt;
  permitted(found->access, Action::manage_labels);
  return label;
}

}  // namespace

Awaitable<std::vector<ProjectView>> ProjectService::list(const Caller& caller) {
  co_await tasks_.personal_project_id(caller);
  co_return co_await d_.db.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    return project_store::list(tx, caller);
  });
}

Awaitable<ProjectView> ProjectService::create(const Caller& caller, const NewProject& input) {
  auto at = current_timestamp();
  co_return co_await d_.db.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto project = project_store::insert(tx, make_project(input, at));
    project_store::add_member(tx, project.id, caller.user_id, Role::owner);
    tx.commit();
    return ProjectView{.project = std::move(project), .role = Role::owner, .member_count = 1};
  });
}

Awaitable<std::optional<ProjectView>> ProjectService::get(const Caller& caller, std::int64_t id) {
  co_return co_await d_.db.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    return project_store::find_view(tx, caller, id);
  });
}

Awaitable<std::optional<ProjectView>> ProjectService::update(const Caller& caller, std::int64_t id,
                                                             const ProjectChanges& changes) {
  auto at = current_timestamp();
  co_return co_await d_.db.run([&](pqxx::connection& c) -> std::optional<ProjectView> {
    pqxx::work tx(c);
    auto found = project_store::find_for_update(tx, caller, id);
    if (!found || !permitted_changes(found->access, changes)) return std::nullopt;
    if (auto refusal = personal_project_refusal(found->project, changes)) {
      throw Forbidden(*refusal);
    }
    project_store::save(tx, apply_changes(found->project, changes, at));
    auto view = project_store::find_view(tx, caller, id);
    tx.commit();
    return view;
  });
}

Awaitable<bool> ProjectService::remove(const Caller& caller, std::int64_t id) {
  auto at = current_timestamp();
  auto removed = co_await d_.db.run([&](pqxx::connection& c) -> std::optional<RemovedProject> {
    pqxx::work tx(c);
    auto found = project_store::find_for_update(tx, caller, id);
    if (!found || !permitted(found->access, Action::delete_project)) return std::nullopt;
    if (found->project.is_personal()) throw Forbidden("A personal project cannot be deleted.");
    RemovedProject result{.members = project_store::member_ids(tx, id), .files = {}};
    auto [tasks, files] = task_store::remove_all_in_project(tx, id);
    const EventAudience audience{.actor_id = caller.user_id,
                                 .personal = false,
                                 .member_ids = result.members,
                                 .action = "deleted"};
    for (const auto& task : tasks) {
      task_store::append_event(tx, make_outbox_event(EventType::task_deleted, task.user_id, task.id,
                                                     task_to_json(task), at, audience));
    }
    result.files = std::move(files);
    project_store::remove(tx, id);
    tx.commit();
    return result;
  });
  if (!removed) co_return false;
  co_await d_.reads.invalidate(std::move(removed->members));
  co_await d_.file_calls.run([&] { d_.files.remove(removed->files); });
  co_return true;
}

Awaitable<std::optional<std::vector<Member>>> ProjectService::members(const Caller& caller,
                                                                      std::int64_t project_id) {
  co_return co_await read_viewable_project(
      d_.db, caller, project_id,
      [&](pqxx::transaction_base& tx) { return membership_store::members(tx, project_id); });
}

Awaitable<std::optional<ProjectService::Added>> ProjectService::add_member(const Caller& caller,
                                                                           std::int64_t project_id,
                                                                           const NewMember& input) {
  auto added = co_await d_.db.run([&](pqxx::connection& c) -> std::optional<Added> {
    pqxx::work tx(c);
    auto found = project_store::find_for_update(tx, caller, project_id);
    if (!found || !permitted(found->access, member_add_action(input.role))) return std::nullopt;
    if (auto refusal = sharing_refusal(found->project)) throw Forbidden(*refusal);
    membership_store::lock_email(tx, input.email);
    std::optional<Added> result;
    if (auto user_id = membership_store::user_with_email(tx, input.email)) {
      if (membership_store::member(tx, project_id, *user_id)) {
        throw Conflict("This user is already a member of the project.");
      }
      membership_store::add(tx, project_id, *user_id, input.role);
      result = *membership_store::member(tx, project_id, *user_id);
    } else {
      result = membership_store::invite(tx, Invitation{.project_id = project_id,
                                                       .email = input.email,
                                                       .role = input.role,
                                                       .invited_by = caller.user_id});
    }
    tx.commit();
    return result;
  });
  if (added && std::holds_alternative<Member>(*added)) {
    std::vector<std::int64_t> joined{std::get<Member>(*added).user.id};
    co_await d_.reads.invalidate(std::move(joined));
  }
  co_return added;
}

Awaitable<std::optional<Member>> ProjectService::change_role(const Caller& caller,
                                                             std::int64_t project_id,
                                                             std::int64_t user_id, Role role) {
  co_return co_await d_.db.run([&](pqxx::connection& c) -> std::optional<Member> {
    pqxx::work tx(c);
    auto found = project_store::find_for_update(tx, caller, project_id);
    if (!found || !permitted(found->access, Action::view)) return std::nullopt;
    auto current = membership_store::role_for_update(tx, project_id, user_id);
    if (!current) return std::nullopt;
    permitted(found->access, member_change_action(*current, role));
    if (auto refusal =
            member_change_refusal(*current, role, membership_store::owner_count(tx, project_id))) {
      throw Conflict(*refusal);
    }
    membership_store::set_role(tx, project_id, user_id, role);
    auto member = membership_store::member(tx, project_id, user_id);
    tx.commit();
    return member;
  });
}

Awaitable<bool> ProjectService::remove_member(const Caller& caller, std::int64_t project_id,
                                              std::int64_t user_id) {
  auto removed = co_await d_.db.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto found = project_store::find_for_update(tx, caller, project_id);
    if (!found || !permitted(found->access, Action::view)) return false;
    auto current = membership_store::role_for_update(tx, project_id, user_id);
    if (!current) return false;
    // Leaving needs no role, and is allowed in an archived project too.
    if (user_id != caller.user_id) permitted(found->access, member_change_action(*current, {}));
    if (auto refusal = member_change_refusal(*current, std::nullopt,
                                             membership_store::owner_count(tx, project_id))) {
      throw Conflict(*refusal);
    }
    membership_store::remove(tx, project_id, user_id);
    tx.commit();
    return true;
  });
  if (removed) {
    std::vector<std::int64_t> left{user_id};
    co_await d_.reads.invalidate(std::move(left));
  }
  co_return removed;
}

Awaitable<std::optional<std::vector<Invitation>>> ProjectService::invitations(
    const Caller& caller, std::int64_t project_id) {
  co_return co_await d_.db.run([&](pqxx::connection& c) -> std::optional<std::vector<Invitation>> {
    pqxx::nontransaction tx(c);
    if (!permitted(task_store::project_access(tx, caller, project_id).access,
                   Action::manage_members)) {
      return std::nullopt;
    }
    return membership_store::invitations(tx, project_id);
  });
}

Awaitable<bool> ProjectService::cancel_invitation(const Caller& caller, std::int64_t project_id,
                                                  std::int64_t invitation_id) {
  co_return co_await d_.db.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto found = project_store::find_for_update(tx, caller, project_id);
    if (!found || !permitted(found->access, Action::manage_members)) return false;
    const bool cancelled = membership_store::cancel_invitation(tx, project_id, invitation_id);
    tx.commit();
    return cancelled;
  });
}

Awaitable<std::optional<std::vector<Label>>> ProjectService::labels(const Caller& caller,
                                                                    std::int64_t project_id) {
  co_return co_await read_viewable_project(
      d_.db, caller, project_id,
      [&](pqxx::transaction_base& tx) { return label_store::list(tx, project_id); });
}

Awaitable<std::optional<Label>> ProjectService::create_label(const Caller& caller,
                                                             std::int64_t project_id,
                                                             const NewLabel& input) {
  co_return co_await d_.db.run([&](pqxx::connection& c) -> std::optional<Label> {
    pqxx::work tx(c);
    auto found = project_store::find_for_update(tx, caller, project_id);
    if (!found || !permitted(found->access, Action::manage_labels)) return std::nullopt;
    if (label_store::count(tx, project_id) >= static_cast<std::int64_t>(kMaxLabelsPerProject)) {
      throw Conflict("A project has at most " + std::to_string(kMaxLabelsPerProject) + " labels.");
    }
    auto label = label_store::insert(
        tx, Label{.id = 0, .project_id = project_id, .name = input.name, .color = input.color});
    if (!label) throw name_taken();
    tx.commit();
    return label;
  });
}

Awaitable<std::optional<Label>> ProjectService::update_label(const Caller& caller,
                                                             std::int64_t project_id,
                                                             std::int64_t label_id,
                                                             const LabelChanges& changes) {
  co_return co_await d_.db.run([&](pqxx::connection& c) -> std::optional<Label> {
    pqxx::work tx(c);
    auto label = label_to_manage(tx, caller, project_id, label_id);
    if (!label) return std::nullopt;
    auto changed = apply_changes(*label, changes);
    if (!label_store::save(tx, changed)) throw name_taken();
    tx.commit();
    return changed;
  });
}

Awaitable<bool> ProjectService::remove_label(const Caller& caller, std::int64_t project_id,
                                             std::int64_t label_id) {
  // The label leaves its tasks too: the members' cached lists change.
  auto members =
      co_await d_.db.run([&](pqxx::connection& c) -> std::optional<std::vector<std::int64_t>> {
        pqxx::work tx(c);
        auto label = label_to_manage(tx, caller, project_id, label_id);
        if (!label) return std::nullopt;
        label_store::remove(tx, *label);
        auto member_ids = project_store::member_ids(tx, project_id);
        tx.commit();
        return member_ids;
      });
  if (!members) co_return false;
  co_await d_.reads.invalidate(std::move(*members));
  co_return true;
}

Awaitable<std::optional<ActivityPage>> ProjectService::activity(const Caller& caller,
                                                                std::int64_t project_id,
                                                                const PageRequest& page) {
  co_return co_await read_viewable_project(
      d_.db, caller, project_id, [&](pqxx::transaction_base& tx) {
        auto [count, entries] = activity_store::of_project(tx, project_id, page);
        return ActivityPage{.count = count, .entries = std::move(entries)};
      });
}

}  // namespace taskflow::tasks
