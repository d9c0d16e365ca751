#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/attachment_files.hpp"
#include "app/config.hpp"
#include "app/summary_cache.hpp"
#include "app/task_store.hpp"
#include "domain/access_policy.hpp"
#include "domain/attachments.hpp"
#include "domain/events.hpp"
#include "domain/task_validation.hpp"
#include "taskflow/core/blocking_pool.hpp"
#include "taskflow/pg/async_pool.hpp"
#include "taskflow/pg/database.hpp"

namespace taskflow::tasks {

struct TasksDeps {
  const TasksConfig& config;
  pg::Database& db;
  pg::AsyncPool& io_db;     // single statements on hot paths, run on the I/O thread
  SummaryCache& summaries;  // every write invalidates the user's entry after it commits
  AttachmentFiles& files;
  BlockingPool& file_calls;  // disk I/O for attachments, off the I/O threads
  // Called after a transaction that wrote events commits, so the relay publishes at once.
  std::function<void()> events_written;
};

// The outbox row of one event about a task, under a new id.
OutboxEvent make_outbox_event(EventType type, std::int64_t user_id, std::int64_t task_id,
                              nlohmann::json data, Timestamp occurred_at);

struct CommentPage {
  std::int64_t count = 0;  // every comment of the task
  std::vector<Comment> comments;
};

struct Download {
  Attachment attachment;
  std::string bytes;
};

// The use cases, one a request: each takes validated input, asks domain/access_policy.hpp's
// authorize (or, for lists and counts, queries within what the caller may see), runs its
// transaction with the domain rules and the outbox events it writes, then invalidates the
// caller's cached summary and wakes the relay. nullopt: no such task (or attachment) for this
// caller, which the API answers 404 whether the row is missing or not the caller's.
class TaskService {
 public:
  explicit TaskService(TasksDeps deps) : d_(std::move(deps)) {}

  // The page's tasks are fetched only when the page exists (see page_exists).
  Awaitable<TaskPage> list(const Caller& caller, const ListQuery& query);
  Awaitable<TaskSummary> stats(const Caller& caller);
  // nullopt: authorize refused the new task.
  Awaitable<std::optional<Task>> create(const Caller& caller, const NewTask& input);
  Awaitable<std::optional<TaskDetail>> detail(const Caller& caller, std::int64_t id);
  Awaitable<std::optional<Task>> update(const Caller& caller, std::int64_t id,
                                        const TaskChanges& changes);
  // Whether the task was there to delete.
  Awaitable<bool> remove(const Caller& caller, std::int64_t id);
  // How many of the tasks were there to update.
  Awaitable<std::size_t> bulk_update(const Caller& caller, const BulkUpdate& bulk);

  Awaitable<std::optional<CommentPage>> comments(const Caller& caller, std::int64_t task_id,
                                                 const PageRequest& page);
  Awaitable<std::optional<Comment>> add_comment(const Caller& caller, std::int64_t task_id,
                                                const NewComment& input);

  Awaitable<std::optional<std::vector<Attachment>>> attachments(const Caller& caller,
                                                                std::int64_t task_id);
  Awaitable<std::optional<Attachment>> upload(const Caller& caller, std::int64_t task_id,
                                              const FileUpload& upload);
  Awaitable<std::optional<Download>> download(const Caller& caller, std::int64_t task_id,
                                              std::int64_t attachment_id);

 private:
  Awaitable<TaskSummary> current_summary(const Caller& caller, Timestamp at);
  // After a commit that changed the caller's tasks and wrote events.
  Awaitable<void> tasks_changed(const Caller& caller);

  TasksDeps d_;
};

}  // namespace taskflow::tasks
