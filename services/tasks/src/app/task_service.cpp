#include "app/task_service.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <type_traits>

#include <random>

#include "app/activity_store.hpp"
#include "domain/board_position.hpp"
#include "taskflow/core/uuid.hpp"

namespace taskflow::tasks {
namespace {

constexpr std::int64_t kCommentsInDetail = 100;

// A JSON array of the tasks, as the list answers them.
std::string tasks_json_text(const std::vector<Task>& tasks) {
  std::string text = "[";
  for (const auto& task : tasks) {
    if (text.size() > 1) text += ',';
    text += task_json_text(task);
  }
  return text + ']';
}

// Runs `work` on the task (with its project's members), locked, in one transaction when the
// caller may do `action` on it; nullopt (nothing written) when there is no such task for the
// caller.
template <class Work>
auto with_task_locked(pg::Database& db, const Caller& caller, std::int64_t id, Action action,
                      Work work)
    -> Awaitable<std::optional<std::invoke_result_t<Work&, pqxx::work&, const TaskInProject&>>> {
  using Result = std::invoke_result_t<Work&, pqxx::work&, const TaskInProject&>;
  co_return co_await db.run([&](pqxx::connection& c) -> std::optional<Result> {
    pqxx::work tx(c);
    auto found = task_store::find(tx, caller, id, true);
    if (!found || !permitted(found->access, action)) return std::nullopt;
    auto result = work(tx, *found);
    tx.commit();
    return result;
  });
}

// The users whose counts a change touched, each once.
void add_users(std::vector<std::int64_t>& users, const std::vector<std::int64_t>& more) {
  for (const auto user : more) {
    if (std::find(users.begin(), users.end(), user) == users.end()) users.push_back(user);
  }
}

// `read` of a task the caller may view, outside a transaction.
template <class Read>
auto read_viewable_task(pg::Database& db, const Caller& caller, std::int64_t id, Read read)
    -> Awaitable<std::optional<std::invoke_result_t<Read&, pqxx::transaction_base&>>> {
  using Result = std::invoke_result_t<Read&, pqxx::transaction_base&>;
  co_return co_await db.run([&](pqxx::connection& c) -> std::optional<Result> {
    pqxx::nontransaction tx(c);
    auto found = task_store::find(tx, caller, id, false);
    if (!found || !permitted(found->access, Action::view)) return std::nullopt;
    return read(tx);
  });
}

// A task moving to another project needs the right to create tasks there; returns the members
// of the project it moves to (none when it stays).
std::optional<std::vector<std::int64_t>> check_project_change(pqxx::work& tx, const Caller& caller,
                                                              const Task& before,
                                                              const TaskChanges& changes) {
  if (!changes.project_id || *changes.project_id == before.project_id) return std::nullopt;
  auto target = task_store::project_access(tx, caller, *changes.project_id);
  if (!permitted(target.access, Action::create_task)) throw unknown_project(*changes.project_id);
  return target.member_ids;
}

// Assignees must be members of the task's project, labels its labels.
void check_references(pqxx::transaction_base& tx, std::int64_t project_id,
                      const std::vector<std::int64_t>& assignees,
                      const std::vector<std::int64_t>& labels) {
  if (assignees.empty() && labels.empty()) return;
  const auto missing = task_store::missing_references(tx, project_id, assignees, labels);
  if (!missing.assignees.empty()) {
    throw InvalidField("assignee_ids", "User " + std::to_string(missing.assignees.front()) +
                                           " is not a member of this project.");
  }
  if (!missing.labels.empty()) {
    throw InvalidField("label_ids", "Label " + std::to_string(missing.labels.front()) +
                                        " does not belong to this project.");
  }
}

// Who hears of a change to a task of this project made by the caller.
EventAudience audience_of(const Caller& caller, const Access& access,
                          std::vector<std::int64_t> members, std::string action) {
  return EventAudience{.actor_id = caller.user_id,
                       .personal = access.personal,
                       .member_ids = std::move(members),
                       .action = std::move(action)};
}

// The events of a change: the one an update emits, if any (a reorder in its column notifies
// nobody, it is only seen live), and task_assigned for whoever it assigned.
void append_change_events(pqxx::work& tx, const Task& before, const Task& after,
                          EventAudience audience, Timestamp at) {
  const auto event = event_for_update(before, after);
  if (!event) return;
  audience.quiet = before.status == after.status && audience.action == "moved";
  audience.assigned_ids = newly_assigned(before, after);
  task_store::append_event(
      tx, make_outbox_event(*event, after.user_id, after.id, task_to_json(after), at, audience));
  if (audience.assigned_ids.empty()) return;
  audience.action.clear();
  audience.quiet = false;
  task_store::append_event(tx, make_outbox_event(EventType::task_assigned, after.user_id, after.id,
                                                 task_to_json(after), at, audience));
}

// The task after the changes, saved with its events and the activity entry of what changed.
Task save_changes(pqxx::work& tx, const Caller& caller, ActivityAction action, const Task& before,
                  const TaskChanges& changes, Timestamp at, const EventAudience& audience,
                  const std::optional<std::vector<std::int64_t>>& new_project_members = {}) {
  auto after = apply_changes(before, changes, at);
  if (new_project_members) keep_assignees_among(after, *new_project_members);
  task_store::save(tx, after);
  append_change_events(tx, before, after, audience, at);
  if (has_visible_changes(before, after)) {
    activity_store::append(tx, changed_entry(action, before, after, caller.user_id, at));
  }
  return after;
}

// Where a board move puts the task: after `after` (nullopt: first) in the column, whose
// moves the caller has locked.
std::string position_after(pqxx::work& tx, const Task& moving, Status column,
                           const std::optional<Task>& after) {
  const auto next = task_store::next_position(tx, moving.project_id, column, after, moving.id);
  // Into an empty column, the task keeps its key.
  if (!after && !next) return moving.position;
  return position_between(after ? after->position : "", next.value_or(""));
}

std::uint32_t random_salt() {
  thread_local std::mt19937 random{std::random_device{}()};
  return static_cast<std::uint32_t>(random());
}

}  // namespace

InvalidField unknown_project(std::int64_t id) {
  return InvalidField("project_id",
                      "Invalid pk \"" + std::to_string(id) + "\" - object does not exist.");
}

bool permitted(const Access& access, Action action) {
  const auto verdict = authorize(access, action);
  if (verdict.kind == Verdict::Kind::forbidden) throw Forbidden(verdict.detail);
  return verdict.allowed();
}

OutboxEvent make_outbox_event(EventType type, std::int64_t user_id, std::int64_t task_id,
                              nlohmann::json data, Timestamp occurred_at,
                              const std::optional<EventAudience>& audience) {
  auto event_id = uuid_v4();
  auto message = make_event(type, event_id, occurred_at, user_id, std::move(data), audience);
  return OutboxEvent{.event_id = std::move(event_id),
                     .routing_key = std::string(routing_key_for(type)),
                     .task_id = task_id,
                     .message = std::move(message)};
}

Awaitable<std::optional<ListedPage>> TaskService::list(const Caller& caller,
                                                       const ListQuery& query) {
  const auto at = current_timestamp();
  // Only first pages are kept (what lists, boards and their filters show), so what a user
  // can leave in Redis stays a few entries, however far they page.
  auto view = query.page.number == 1 ? view_name(query) : std::string{};
  // Unless the page is counted apart, its count is the summary's, looked up in the same round
  // trip as the page.
  const bool counted_by_summary = !query.counted_apart();
  auto cached = co_await d_.reads.find(caller.user_id, at, counted_by_summary, view);
  if (cached.view) {
    if (auto page = decode_listed_page(*cached.view)) co_return page;
  }
  std::optional<ListedPage> listed;
  if (counted_by_summary) {
    std::optional<TaskSummary> summary = cached.summary;
    if (!summary) summary = co_await fresh_summary(caller, at, cached.version);
    ListedPage page{.count = summary->count(query.statuses, query.priorities), .results = "[]"};
    if (page_exists(query.page, page.count)) {
      auto tasks = co_await task_store::page(d_.io_db, caller, query);
      page.results = tasks_json_text(tasks);
    }
    listed = std::move(page);
  } else {
    listed = co_await counted_page(caller, query);
    if (!listed) co_return std::nullopt;
  }
  if (cached.version && !view.empty()) {
    auto text = encode_listed_page(*listed);
    co_await d_.reads.store(caller.user_id, *cached.version, std::move(view), std::move(text));
  }
  co_return listed;
}

Awaitable<std::optional<ListedPage>> TaskService::counted_page(const Caller& caller,
                                                               const ListQuery& query) {
  co_return co_await d_.db.run([&](pqxx::connection& c) -> std::optional<ListedPage> {
    pqxx::nontransaction tx(c);
    auto page = task_store::counted_page(tx, caller, query);
    // The list's scope leaves a project the caller is not a member of empty, so only an
    // empty page costs a look at the membership (a board's columns mostly are not).
    if (page.count == 0 && query.project_id &&
        !permitted(task_store::project_access(tx, caller, *query.project_id).access,
                   Action::view)) {
      return std::nullopt;
    }
    return ListedPage{.count = page.count, .results = tasks_json_text(page.tasks)};
  });
}

Awaitable<std::optional<TaskSummary>> TaskService::stats(const Caller& caller,
                                                         const StatsQuery& query) {
  const auto at = current_timestamp();
  if (!query.project_id) co_return co_await current_summary(caller, at);
  auto view = "stats:p=" + std::to_string(*query.project_id);
  auto cached = co_await d_.reads.find(caller.user_id, at, false, view);
  if (cached.view) {
    auto summary = decode_summary(*cached.view);
    if (summary && summary->valid_at(at)) co_return summary;
  }
  auto fresh = co_await d_.db.run([&](pqxx::connection& c) -> std::optional<TaskSummary> {
    pqxx::nontransaction tx(c);
    auto summary = task_store::project_summary(tx, caller, *query.project_id, at);
    // As for a list: only an empty summary costs a look at the membership.
    if (summary.total() == 0 &&
        !permitted(task_store::project_access(tx, caller, *query.project_id).access,
                   Action::view)) {
      return std::nullopt;
    }
    return summary;
  });
  if (fresh && cached.version) {
    auto text = encode_summary(*fresh);
    co_await d_.reads.store(caller.user_id, *cached.version, std::move(view), std::move(text));
  }
  co_return fresh;
}

Awaitable<std::optional<Task>> TaskService::create(const Caller& caller, const NewTask& input) {
  auto at = current_timestamp();
  std::int64_t project_id = 0;
  ProjectAccess target{.access = {.role = Role::owner, .archived = false, .personal = true},
                       .member_ids = {caller.user_id}};
  if (input.project_id) {
    target = co_await task_store::project_access(d_.io_db, caller, *input.project_id);
    if (!permitted(target.access, Action::create_task)) co_return std::nullopt;
    project_id = *input.project_id;
  } else {
    project_id = co_await personal_project_id(caller);
  }
  auto task = make_task(input, caller.user_id, project_id, at, initial_position(at, random_salt()));
  auto audience = audience_of(caller, target.access, target.member_ids, "created");
  std::optional<Task> created;
  if (input.assignee_ids.empty() && input.label_ids.empty()) {
    // The common case in one statement on the I/O thread; it puts the new id into the event.
    auto event = make_outbox_event(EventType::task_created, task.user_id, 0, task_to_json(task), at,
                                   audience);
    created = co_await task_store::insert_created(d_.io_db, task, event,
                                                  created_entry(task, caller.user_id, at).changes);
  } else {
    created = co_await d_.db.run([&](pqxx::connection& c) {
      pqxx::work tx(c);
      check_references(tx, project_id, input.assignee_ids, input.label_ids);
      auto stored = task_store::insert(tx, task);
      // Who is assigned hears of it by the assignment alone.
      auto created_audience = audience;
      created_audience.assigned_ids = stored.assignee_ids;
      task_store::append_event(tx,
                               make_outbox_event(EventType::task_created, stored.user_id, stored.id,
                                                 task_to_json(stored), at, created_audience));
      if (!stored.assignee_ids.empty()) {
        audience.assigned_ids = stored.assignee_ids;
        audience.action.clear();
        task_store::append_event(
            tx, make_outbox_event(EventType::task_assigned, stored.user_id, stored.id,
                                  task_to_json(stored), at, audience));
      }
      activity_store::append(tx, created_entry(stored, caller.user_id, at));
      tx.commit();
      return stored;
    });
  }
  co_await tasks_changed(target.member_ids);
  co_return created;
}

Awaitable<std::optional<TaskDetail>> TaskService::detail(const Caller& caller, std::int64_t id) {
  auto detail = co_await task_store::find_detail(d_.io_db, caller, id, kCommentsInDetail);
  if (!detail || !permitted(Access{.role = detail->role}, Action::view)) co_return std::nullopt;
  co_return detail;
}

Awaitable<std::optional<Task>> TaskService::update(const Caller& caller, std::int64_t id,
                                                   const TaskChanges& changes) {
  auto at = current_timestamp();
  std::vector<std::int64_t> touched;
  auto updated = co_await with_task_locked(
      d_.db, caller, id, Action::update_task, [&](pqxx::work& tx, const TaskInProject& before) {
        touched = before.member_ids;
        auto new_members = check_project_change(tx, caller, before.task, changes);
        if (new_members) add_users(touched, *new_members);
        check_references(tx, changes.project_id.value_or(before.task.project_id),
                         changes.assignee_ids.value_or(std::vector<std::int64_t>{}),
                         changes.label_ids.value_or(std::vector<std::int64_t>{}));
        return save_changes(tx, caller, ActivityAction::updated, before.task, changes, at,
                            audience_of(caller, before.access, touched, "updated"), new_members);
      });
  if (updated) co_await tasks_changed(touched);
  co_return updated;
}

Awaitable<bool> TaskService::remove(const Caller& caller, std::int64_t id) {
  auto at = current_timestamp();
  std::vector<std::int64_t> touched;
  auto files = co_await with_task_locked(
      d_.db, caller, id, Action::delete_task, [&](pqxx::work& tx, const TaskInProject& found) {
        touched = found.member_ids;
        auto removed = task_store::remove(tx, id);
        task_store::append_event(
            tx, make_outbox_event(EventType::task_deleted, found.task.user_id, id,
                                  task_to_json(found.task), at,
                                  audience_of(caller, found.access, found.member_ids, "deleted")));
        activity_store::append(tx, deleted_entry(found.task, caller.user_id, at));
        return removed;
      });
  if (!files) co_return false;
  co_await tasks_changed(touched);
  // The rows are gone for good once committed; the files follow.
  co_await d_.file_calls.run([&] { d_.files.remove(*files); });
  co_return true;
}

Awaitable<std::size_t> TaskService::bulk_update(const Caller& caller, const BulkUpdate& bulk) {
  auto at = current_timestamp();
  std::vector<std::int64_t> touched;
  auto updated = co_await d_.db.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    std::size_t count = 0;
    // All or nothing: one task the caller may not change refuses the whole request.
    for (const auto& found : task_store::find_many_for_update(tx, caller, bulk.task_ids)) {
      if (!permitted(found.access, Action::update_task)) continue;
      save_changes(tx, caller, ActivityAction::updated, found.task, bulk.changes, at,
                   audience_of(caller, found.access, found.member_ids, "updated"));
      add_users(touched, found.member_ids);
      ++count;
    }
    tx.commit();
    return count;
  });
  if (updated > 0) co_await tasks_changed(touched);
  co_return updated;
}

Awaitable<std::optional<Task>> TaskService::move(const Caller& caller, std::int64_t id,
                                                 const BoardMove& move) {
  auto at = current_timestamp();
  std::vector<std::int64_t> touched;
  auto moved = co_await with_task_locked(
      d_.db, caller, id, Action::update_task, [&](pqxx::work& tx, const TaskInProject& found) {
        const Task& task = found.task;
        const Status column = move.status.value_or(task.status);
        task_store::lock_column(tx, task.project_id, column);
        std::optional<Task> after;
        if (move.after_id) {
          auto neighbour = task_store::find(tx, caller, *move.after_id, false);
          if (!neighbour || neighbour->task.project_id != task.project_id ||
              neighbour->task.status != column || neighbour->task.id == task.id) {
            throw InvalidField("after_id", "Task " + std::to_string(*move.after_id) +
                                               " is not in this column of the project.");
          }
          after = std::move(neighbour->task);
        }
        touched = found.member_ids;
        TaskChanges changes{.status = column, .position = position_after(tx, task, column, after)};
        return save_changes(tx, caller, ActivityAction::moved, task, changes, at,
                            audience_of(caller, found.access, found.member_ids, "moved"));
      });
  if (moved) co_await tasks_changed(touched);
  co_return moved;
}

Awaitable<std::optional<ActivityPage>> TaskService::activity(const Caller& caller,
                                                             std::int64_t task_id,
                                                             const PageRequest& page) {
  co_return co_await read_viewable_task(d_.db, caller, task_id, [&](pqxx::transaction_base& tx) {
    auto [count, entries] = activity_store::of_task(tx, task_id, page);
    return ActivityPage{.count = count, .entries = std::move(entries)};
  });
}

Awaitable<std::optional<CommentPage>> TaskService::comments(const Caller& caller,
                                                            std::int64_t task_id,
                                                            const PageRequest& page) {
  co_return co_await read_viewable_task(d_.db, caller, task_id, [&](pqxx::transaction_base& tx) {
    auto [count, comments] = task_store::comments(tx, task_id, page);
    return CommentPage{.count = count, .comments = std::move(comments)};
  });
}

Awaitable<std::optional<Comment>> TaskService::add_comment(const Caller& caller,
                                                           std::int64_t task_id,
                                                           const NewComment& input) {
  auto at = current_timestamp();
  auto comment = co_await with_task_locked(
      d_.db, caller, task_id, Action::comment, [&](pqxx::work& tx, const TaskInProject& found) {
        const Task& task = found.task;
        auto stored = task_store::add_comment(tx, Comment{.id = 0,
                                                          .task_id = task_id,
                                                          .user_id = caller.user_id,
                                                          .content = input.content,
                                                          .created_at = at,
                                                          .updated_at = at});
        auto data = task_to_json(task);
        data["comment"] = comment_to_json(stored);
        auto audience = audience_of(caller, found.access, found.member_ids, "");
        if (!found.access.personal) {
          audience.mentioned_ids =
              task_store::members_named(tx, task.project_id, mentioned_usernames(input.content));
        }
        task_store::append_event(tx, make_outbox_event(EventType::comment_added, task.user_id,
                                                       task_id, data, at, audience));
        if (!audience.mentioned_ids.empty()) {
          audience.actor_name = task_store::username_of(tx, caller.user_id);
          task_store::append_event(tx, make_outbox_event(EventType::mentioned, task.user_id,
                                                         task_id, std::move(data), at, audience));
        }
        activity_store::append(tx, commented_entry(task, stored, at));
        return stored;
      });
  // A comment changes no count: the summary stays valid.
  co_return comment;
}

Awaitable<std::optional<std::vector<Attachment>>> TaskService::attachments(const Caller& caller,
                                                                           std::int64_t task_id) {
  co_return co_await read_viewable_task(d_.db, caller, task_id, [&](pqxx::transaction_base& tx) {
    return task_store::attachments(tx, task_id);
  });
}

Awaitable<std::optional<Attachment>> TaskService::upload(const Caller& caller, std::int64_t task_id,
                                                         const FileUpload& upload) {
  auto storage_name = co_await d_.file_calls.run([&] { return d_.files.store(upload.content); });
  auto at = current_timestamp();
  std::optional<Attachment> stored;
  std::exception_ptr failure;
  try {
    stored = co_await with_task_locked(
        d_.db, caller, task_id, Action::attach, [&](pqxx::work& tx, const TaskInProject& found) {
          auto attachment = task_store::add_attachment(
              tx, Attachment{.id = 0,
                             .task_id = task_id,
                             .user_id = caller.user_id,
                             .file_name = upload.file_name,
                             .storage_name = storage_name,
                             .file_size = static_cast<std::int64_t>(upload.content.size()),
                             .mime_type = upload.content_type,
                             .created_at = at});
          activity_store::append(tx, attached_entry(found.task, attachment, at));
          return attachment;
        });
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure || !stored) {
    // No row points at the file: take it away again before reporting the outcome.
    co_await d_.file_calls.run([&] { d_.files.remove({storage_name}); });
    if (failure) std::rethrow_exception(failure);
  }
  co_return stored;
}

Awaitable<std::optional<Download>> TaskService::download(const Caller& caller, std::int64_t task_id,
                                                         std::int64_t attachment_id) {
  auto found = co_await d_.db.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    return task_store::find_attachment(tx, caller, task_id, attachment_id);
  });
  if (!found || !permitted(found->first.access, Action::view)) co_return std::nullopt;
  auto bytes =
      co_await d_.file_calls.run([&] { return d_.files.read(found->second.storage_name); });
  co_return Download{.attachment = std::move(found->second), .bytes = std::move(bytes)};
}

Awaitable<TaskSummary> TaskService::current_summary(const Caller& caller, Timestamp at) {
  // Cached (looked up on the I/O thread), else computed and cached.
  auto cached = co_await d_.reads.find(caller.user_id, at, true);
  if (cached.summary) co_return *cached.summary;
  co_return co_await fresh_summary(caller, at, cached.version);
}

Awaitable<TaskSummary> TaskService::fresh_summary(const Caller& caller, Timestamp at,
                                                  std::optional<long long> version) {
  co_return co_await d_.db.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    auto fresh = task_store::summary(tx, caller, at);
    if (version) d_.reads.store_summary(caller.user_id, *version, fresh);
    return fresh;
  });
}

Awaitable<std::int64_t> TaskService::personal_project_id(const Caller& caller) {
  if (auto known = personal_projects_.find(caller.user_id)) co_return *known;
  auto id = co_await task_store::personal_project_id(d_.io_db, caller.user_id);
  personal_projects_.remember(caller.user_id, id);
  co_return id;
}

Awaitable<void> TaskService::tasks_changed(std::vector<std::int64_t> users) {
  co_await d_.reads.invalidate(std::move(users));
}

}  // namespace taskflow::tasks
