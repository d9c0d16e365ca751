#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "taskflow/core/background_loop.hpp"

namespace taskflow::tasks {

struct DueDateSchedulerOptions {
  std::string database_url;
  std::chrono::seconds due_soon_window{24 * 3600};
  std::chrono::seconds scan_interval{30};
  std::int64_t batch_size = 500;
};

// Emits task_due_soon (the due date is within the window) and task_overdue (it has passed)
// once per task per due date, through the outbox. Every instance may scan: the claim is one
// transaction with row locks and a per-reminder marker, so no reminder is written twice.
class DueDateScheduler : public BackgroundLoop {
 public:
  explicit DueDateScheduler(DueDateSchedulerOptions options);
  ~DueDateScheduler() override { stop(); }

 private:
  void run(std::stop_token stop) override;
  void scan_once(const std::string& conninfo);

  DueDateSchedulerOptions options_;
};

}  // namespace taskflow::tasks
