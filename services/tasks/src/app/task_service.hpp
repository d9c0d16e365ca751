#pragma once
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/attachment_files.hpp"
#include "app/config.hpp"
#include "app/read_cache.hpp"
#include "app/task_store.hpp"
#include "domain/access_policy.hpp"
#include "domain/activity.hpp"
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
  pg::AsyncPool& io_db;  // single statements on hot paths, run on the I/O thread
  ReadCache& reads;      // every write invalidates its users' entries after it commits
  AttachmentFiles& files;
  BlockingPool& file_calls;  // disk I/O for attachments, off the I/O threads
};

// A member refused an action by domain/access_policy.hpp: the API answers 403 with the detail.
class Forbidden : public std::runtime_error {
 public:
  explicit Forbidden(std::string_view detail) : std::runtime_error(std::string(detail)) {}
};

// A change a rule refuses whatever the role (the last owner leaving, a member added twice):
// the API answers 409 with the detail.
class Conflict : public std::runtime_error {
 public:
  explicit Conflict(std::string_view detail) : std::runtime_error(std::string(detail)) {}
};

// A field of a request body naming something the caller cannot use there: a project_id of no
// project the caller may add tasks to (as if it did not exist), an assignee who is not a
// member, a label of another project, a label name taken. Answered 400 under the field.
class InvalidField : public std::runtime_error {
 public:
  InvalidField(std::string_view field, std::string_view message)
      : std::runtime_error(std::string(message)), field(field) {}
  std::string field;
};

InvalidField unknown_project(std::int64_t id);

// Asks the policy: true when allowed, false when the caller is not a member (answer as if
// nothing existed), throws Forbidden when the role is not enough.
bool permitted(const Access& access, Action action);

// The personal project of each user seen, which never changes once made: creating a task
// there costs no lookup. Bounded: forgotten all at once when full.
class PersonalProjectIds {
 public:
  std::optional<std::int64_t> find(std::int64_t user_id) const {
    std::lock_guard lock(mutex_);
    auto found = ids_.find(user_id);
    if (found == ids_.end()) return std::nullopt;
    return found->second;
  }
  void remember(std::int64_t user_id, std::int64_t project_id) {
    std::lock_guard lock(mutex_);
    if (ids_.size() >= kMaxEntries) ids_.clear();
    ids_.emplace(user_id, project_id);
  }

 private:
  static constexpr std::size_t kMaxEntries = 100'000;
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, std::int64_t> ids_;
};

// The outbox row of one event about a task, under a new id.
OutboxEvent make_outbox_event(EventType type, std::int64_t user_id, std::int64_t task_id,
                              nlohmann::json data, Timestamp occurred_at,
                              const std::optional<EventAudience>& audience = std::nullopt);

struct CommentPage {
  std::int64_t count = 0;  // every comment of the task
  std::vector<Comment> comments;
};

struct Download {
  Attachment attachment;
  std::string bytes;
};

struct ActivityPage {
  std::int64_t count = 0;
  std::vector<ActivityEntry> entries;
};

// The use cases, one a request: each takes validated input, asks domain/access_policy.hpp's
// authorize through permitted (or, for lists and counts, queries within what the caller may
// see), runs its transaction with the domain rules and the outbox events it writes, then
// invalidates the cached reads of the project's members and wakes the relay. nullopt: no such
// task (or attachment) for this caller, which the API answers 404 whether the row is missing or not
// the caller's.
class TaskService {
 public:
  explicit TaskService(TasksDeps deps) : d_(std::move(deps)) {}

  // The page's tasks are fetched only when the page exists (see page_exists), and kept in the
  // read cache until the caller's tasks change. nullopt: the query names a project the caller
  // is not a member of.
  Awaitable<std::optional<ListedPage>> list(const Caller& caller, const ListQuery& query);
  Awaitable<std::optional<TaskSummary>> stats(const Caller& caller, const StatsQuery& query);
  // nullopt: the input's project_id names no project the caller belongs to.
  Awaitable<std::optional<Task>> create(const Caller& caller, const NewTask& input);
  Awaitable<std::optional<TaskDetail>> detail(const Caller& caller, std::int64_t id);
  Awaitable<std::optional<Task>> update(const Caller& caller, std::int64_t id,
                                        const TaskChanges& changes);
  // Whether the task was there to delete.
  Awaitable<bool> remove(const Caller& caller, std::int64_t id);
  // How many of the tasks were there to update.
  Awaitable<std::size_t> bulk_update(const Caller& caller, const BulkUpdate& bulk);
  // Places the task in a board column after another; throws InvalidField when after_id is not
  // a task of that column.
  Awaitable<std::optional<Task>> move(const Caller& caller, std::int64_t id, const BoardMove& move);
  Awaitable<std::optional<ActivityPage>> activity(const Caller& caller, std::int64_t task_id,
                                                  const PageRequest& page);

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

  // The caller's personal project, made on first need.
  Awaitable<std::int64_t> personal_project_id(const Caller& caller);

 private:
  Awaitable<TaskSummary> current_summary(const Caller& caller, Timestamp at);
  // Computed from PostgreSQL, and cached when `version` says under which version.
  Awaitable<TaskSummary> fresh_summary(const Caller& caller, Timestamp at,
                                       std::optional<long long> version);
  // A page whose count the summary cannot give (a search, a project's, an assignee's or a
  // label's list), counted with it. nullopt: a project the caller is not a member of.
  Awaitable<std::optional<ListedPage>> counted_page(const Caller& caller, const ListQuery& query);
  // After a commit that changed the tasks (and counts) of these users and wrote events.
  Awaitable<void> tasks_changed(std::vector<std::int64_t> users);

  TasksDeps d_;
  PersonalProjectIds personal_projects_;
};

}  // namespace taskflow::tasks
