#include "app/due_date_scheduler.hpp"

#include <pqxx/pqxx>

#include "app/task_service.hpp"
#include "taskflow/core/log.hpp"
#include "taskflow/pg/conninfo.hpp"

namespace taskflow::tasks {

DueDateScheduler::DueDateScheduler(DueDateSchedulerOptions options)
    : options_(std::move(options)) {}

void DueDateScheduler::run(std::stop_token stop) {
  auto conninfo = pg::build_conninfo(options_.database_url, pg::ConnectionSettings{});
  while (!stop.stop_requested()) {
    try {
      scan_once(conninfo);
    } catch (const std::exception& e) {
      log::warn("due-date scan failed; retrying next interval", {{"error", e.what()}});
    }
    sleep(stop, options_.scan_interval);
  }
}

void DueDateScheduler::scan_once(const std::string& conninfo) {
  pqxx::connection connection(conninfo);
  const auto now = current_timestamp();
  for (;;) {
    pqxx::work tx(connection);
    auto due_soon =
        task_store::claim_due_soon(tx, now, options_.due_soon_window, options_.batch_size);
    auto overdue = task_store::claim_overdue(tx, now, options_.batch_size);
    const auto remind = [&](EventType type, const std::vector<TaskInProject>& tasks) {
      for (const auto& [task, access, members] : tasks) {
        task_store::append_event(
            tx,
            make_outbox_event(type, task.user_id, task.id, task_to_json(task), now,
                              EventAudience{.personal = access.personal, .member_ids = members}));
      }
    };
    remind(EventType::task_due_soon, due_soon);
    remind(EventType::task_overdue, overdue);
    tx.commit();
    bool more = due_soon.size() == static_cast<std::size_t>(options_.batch_size) ||
                overdue.size() == static_cast<std::size_t>(options_.batch_size);
    if (!more) return;
  }
}

}  // namespace taskflow::tasks
