#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "taskflow/core/asio.hpp"
#include "taskflow/pg/async_pool.hpp"

#include "domain/access_policy.hpp"
#include "domain/list_query.hpp"
#include "domain/task.hpp"
#include "domain/task_extras.hpp"
#include "domain/task_summary.hpp"

namespace taskflow::tasks {

struct TaskPage {
  std::int64_t count = 0;  // every match, not only this page's
  std::vector<Task> tasks;
};

// A task with the caller's access to its project and the project's members (whose counts and
// streams a change touches), read in the same statement.
struct TaskInProject {
  Task task;
  Access access;
  std::vector<std::int64_t> member_ids;
};

// The caller's access to a project (no role: not a member, or no such project), and its members.
struct ProjectAccess {
  Access access;
  std::vector<std::int64_t> member_ids;
};

// A task as its project's member sees it: found only for members, with their role (all a read
// needs: an archived project stays readable).
struct TaskDetail {
  Task task;
  std::optional<Role> role;
  std::vector<Comment> comments;
  std::vector<Attachment> attachments;
};

// An outbox row: the message the relay publishes, under its routing key.
struct OutboxEvent {
  std::string event_id;
  std::string routing_key;
  std::int64_t task_id = 0;
  nlohmann::json message;
};

// Tasks, comments, attachments and the outbox in PostgreSQL, as plain reads and writes: the
// use cases (app/task_service.hpp) decide what to do and who may. Writes take the caller's
// transaction, so a change and its event commit together. A read of one task returns it with
// the caller's Access for the policy to judge; lists and counts see only what
// app/task_sql.hpp's visible_tasks_condition lets them see. Rows are mapped through
// app/rows.hpp.
namespace task_store {

// Inserts the task, its task.created event and its activity entry (the creator as actor) in one
// statement (atomic without a transaction), on the I/O thread; the statement puts the new id
// into the message's data.id and the entry. Returns the task as stored.
Awaitable<Task> insert_created(pg::AsyncPool& io_db, const Task& task, const OutboxEvent& event,
                               const nlohmann::json& activity_changes);
// The id of the user's personal project, made on first need.
Awaitable<std::int64_t> personal_project_id(pg::AsyncPool& io_db, std::int64_t user_id);
Awaitable<ProjectAccess> project_access(pg::AsyncPool& io_db, const Caller& caller,
                                        std::int64_t project_id);
ProjectAccess project_access(pqxx::transaction_base& tx, const Caller& caller,
                             std::int64_t project_id);
// Any task of that id, with the caller's access to its project: the use case asks the policy.
std::optional<TaskInProject> find(pqxx::transaction_base& tx, const Caller& caller, std::int64_t id,
                                  bool lock_for_update);
// The tasks of those ids in projects the caller belongs to, locked in id order, so two bulk
// updates over overlapping tasks cannot deadlock.
std::vector<TaskInProject> find_many_for_update(pqxx::work& tx, const Caller& caller,
                                                const std::vector<std::int64_t>& ids);
void save(pqxx::work& tx, const Task& task);
// Deletes the task with its comments and attachments; returns the attachments' storage names.
std::vector<std::string> remove(pqxx::work& tx, std::int64_t task_id);
// Deletes every task of the project with their comments and attachments; returns the tasks as
// they were and the attachments' storage names.
std::pair<std::vector<Task>, std::vector<std::string>> remove_all_in_project(
    pqxx::work& tx, std::int64_t project_id);
// The task with its first `comment_limit` comments and all its attachments, in one round trip
// on the I/O thread.
Awaitable<std::optional<TaskDetail>> find_detail(pg::AsyncPool& io_db, const Caller& caller,
                                                 std::int64_t id, std::int64_t comment_limit);
// The tasks matching the query's filters and search: their number, and one page of them.
std::int64_t count(pqxx::transaction_base& tx, const Caller& caller, const ListQuery& query);
Awaitable<std::vector<Task>> page(pg::AsyncPool& io_db, const Caller& caller,
                                  const ListQuery& query);
// Both at once, in one statement: for searches, whose matches are gathered anyway.
TaskPage counted_page(pqxx::transaction_base& tx, const Caller& caller, const ListQuery& query);
TaskSummary summary(pqxx::transaction_base& tx, const Caller& caller, Timestamp now);
// One project's summary, empty when the caller is not a member.
TaskSummary project_summary(pqxx::transaction_base& tx, const Caller& caller,
                            std::int64_t project_id, Timestamp now);

Comment add_comment(pqxx::work& tx, const Comment& comment);
std::pair<std::int64_t, std::vector<Comment>> comments(pqxx::transaction_base& tx,
                                                       std::int64_t task_id,
                                                       const PageRequest& page);
Attachment add_attachment(pqxx::work& tx, const Attachment& attachment);
std::vector<Attachment> attachments(pqxx::transaction_base& tx, std::int64_t task_id);
// The attachment with the task it belongs to, in one statement.
std::optional<std::pair<TaskInProject, Attachment>> find_attachment(pqxx::transaction_base& tx,
                                                                    const Caller& caller,
                                                                    std::int64_t task_id,
                                                                    std::int64_t attachment_id);

// Marks and returns up to `limit` open tasks due within `window` from now (due soon) or already
// past due (overdue) whose reminder was not yet sent for their current due date, each with its
// project's members. Row locks (SKIP LOCKED) and the marker make each reminder go out once,
// whatever the instances do.
std::vector<TaskInProject> claim_due_soon(pqxx::work& tx, Timestamp now,
                                          std::chrono::seconds window, std::int64_t limit);
std::vector<TaskInProject> claim_overdue(pqxx::work& tx, Timestamp now, std::int64_t limit);

// Writes an event to the outbox, in the caller's transaction.
void append_event(pqxx::work& tx, const OutboxEvent& event);

// The ids among `assignees` that are not members of the project, and among `labels` that are
// not its labels.
struct MissingReferences {
  std::vector<std::int64_t> assignees;
  std::vector<std::int64_t> labels;
};
MissingReferences missing_references(pqxx::transaction_base& tx, std::int64_t project_id,
                                     const std::vector<std::int64_t>& assignees,
                                     const std::vector<std::int64_t>& labels);

// The ids of the project's members whose usernames (lower case) are among `usernames`.
std::vector<std::int64_t> members_named(pqxx::transaction_base& tx, std::int64_t project_id,
                                        const std::vector<std::string>& usernames);
// The user's name in the directory ("" when it does not know them yet).
std::string username_of(pqxx::transaction_base& tx, std::int64_t user_id);
// Inserts a task in the caller's transaction; returns it with its id.
Task insert(pqxx::work& tx, const Task& task);

// Board moves. lock_column serialises, until the transaction ends, the moves into one column
// of a project, so two moves never read the same neighbours. A column is ordered by (position,
// id); `moving` is left out of it.
void lock_column(pqxx::work& tx, std::int64_t project_id, Status status);
// The position of the task after `after` in its column (nullopt: it is the last), or of the
// column's first task when `after` is nullopt (nullopt: the column is empty).
std::optional<std::string> next_position(pqxx::transaction_base& tx, std::int64_t project_id,
                                         Status status, const std::optional<Task>& after,
                                         std::int64_t moving);

}  // namespace task_store
}  // namespace taskflow::tasks
