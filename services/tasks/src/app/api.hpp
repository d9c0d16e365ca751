#pragma once
#include <functional>

#include "app/attachment_files.hpp"
#include "app/config.hpp"
#include "app/summary_cache.hpp"
#include "taskflow/core/blocking_pool.hpp"
#include "taskflow/http/router.hpp"
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

// Registers the routes of API.md's tasks section; every one requires authentication.
void add_task_routes(http::Router& router, TasksDeps deps);

}  // namespace taskflow::tasks
