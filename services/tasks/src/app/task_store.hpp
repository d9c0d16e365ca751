#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "taskflow/core/asio.hpp"
#include "taskflow/pg/async_pool.hpp"

#include "domain/events.hpp"
#include "domain/list_query.hpp"
#include "domain/task.hpp"
#include "domain/task_summary.hpp"

namespace taskflow::tasks {

struct Comment {
  std::int64_t id = 0;
  std::int64_t task_id = 0;
  std::int64_t user_id = 0;
  std::string content;
  Timestamp created_at;
  Timestamp updated_at;
};

struct Attachment {
  std::int64_t id = 0;
  std::int64_t task_id = 0;
  std::int64_t user_id = 0;
  std::string file_name;
  std::string storage_name;
  std::int64_t file_size = 0;
  std::string mime_type;
  Timestamp created_at;
};

struct TaskPage {
  std::int64_t count = 0;  // every match, not only this page's
  std::vector<Task> tasks;
};

struct TaskDetail {
  Task task;
  std::vector<Comment> comments;
  std::vector<Attachment> attachments;
};

// Tasks, comments, attachments and the outbox in PostgreSQL. Every function takes the caller's
// transaction, so a change and its event commit together. Every read is scoped to one user:
// another user's rows are invisible, exactly as missing ones.
namespace task_store {

// Inserts the task and its task.created event in one statement (atomic without a transaction),
// on the I/O thread; returns the task as stored.
Awaitable<Task> insert_created(pg::AsyncPool& io_db, const Task& task, Timestamp now);
std::optional<Task> find(pqxx::transaction_base& tx, std::int64_t user_id, std::int64_t id,
                         bool lock_for_update);
std::vector<Task> find_many_for_update(pqxx::work& tx, std::int64_t user_id,
                                       const std::vector<std::int64_t>& ids);
void save(pqxx::work& tx, const Task& task);
// Deletes the task with its comments and attachments; returns the attachments' storage names,
// or nullopt if the user has no such task.
std::optional<std::vector<std::string>> remove(pqxx::work& tx, std::int64_t user_id,
                                               std::int64_t id);
// The task with its first `comment_limit` comments and all its attachments, in one round trip
// on the I/O thread.
Awaitable<std::optional<TaskDetail>> find_detail(pg::AsyncPool& io_db, std::int64_t user_id,
                                                 std::int64_t id, std::int64_t comment_limit);
// The user's tasks matching the query's filters and search: their number, and one page of them.
std::int64_t count(pqxx::transaction_base& tx, std::int64_t user_id, const ListQuery& query);
Awaitable<std::vector<Task>> page(pg::AsyncPool& io_db, std::int64_t user_id,
                                  const ListQuery& query);
// Both at once, in one statement: for searches, whose matches are gathered anyway.
TaskPage counted_page(pqxx::transaction_base& tx, std::int64_t user_id, const ListQuery& query);
TaskSummary summary(pqxx::transaction_base& tx, std::int64_t user_id, Timestamp now);

Comment add_comment(pqxx::work& tx, const Comment& comment);
std::pair<std::int64_t, std::vector<Comment>> comments(pqxx::transaction_base& tx,
                                                       std::int64_t task_id,
                                                       const PageRequest& page);
Attachment add_attachment(pqxx::work& tx, const Attachment& attachment);
std::vector<Attachment> attachments(pqxx::transaction_base& tx, std::int64_t task_id);
std::optional<Attachment> find_attachment(pqxx::transaction_base& tx, std::int64_t user_id,
                                          std::int64_t task_id, std::int64_t attachment_id);

// Marks and returns up to `limit` open tasks due within `window` from now (due soon) or already
// past due (overdue) whose reminder was not yet sent for their current due date. Row locks
// (SKIP LOCKED) and the marker make each reminder go out once, whatever the instances do.
std::vector<Task> claim_due_soon(pqxx::work& tx, Timestamp now, std::chrono::seconds window,
                                 std::int64_t limit);
std::vector<Task> claim_overdue(pqxx::work& tx, Timestamp now, std::int64_t limit);

// Writes an event to the outbox, in the caller's transaction.
void enqueue_event(pqxx::work& tx, EventType type, std::int64_t user_id, std::int64_t task_id,
                   nlohmann::json data, Timestamp now);

}  // namespace task_store

nlohmann::json comment_to_json(const Comment& comment);
nlohmann::json attachment_to_json(const Attachment& attachment);

// A random RFC 4122 version 4 UUID.
std::string uuid_v4();

}  // namespace taskflow::tasks
