#include "taskflow/amqp/retrying_worker.hpp"

#include <algorithm>
#include <utility>

#include "taskflow/core/log.hpp"

namespace taskflow::amqp {

RetryingWorker::RetryingWorker(Consumer& consumer, RetryingWorkerOptions options)
    : consumer_(consumer), options_(std::move(options)) {}

RetryingWorker::~RetryingWorker() {
  stop();
}

void RetryingWorker::start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
}

void RetryingWorker::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

Decision RetryingWorker::defer(const Delivery& delivery, std::function<void()> work) {
  {
    std::lock_guard lock(mutex_);
    pending_.push_back({delivery.id, delivery.message_id, std::move(work)});
  }
  arrived_.notify_one();
  return Decision::later;
}

void RetryingWorker::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    Pending next;
    {
      std::unique_lock lock(mutex_);
      if (!arrived_.wait(lock, stop, [this] { return !pending_.empty(); })) return;
      next = std::move(pending_.front());
      pending_.pop_front();
    }
    if (!run_with_retry(next, stop)) return;  // unacknowledged: redelivered later
    consumer_.settle(next.delivery, Decision::ack);
  }
}

bool RetryingWorker::run_with_retry(const Pending& pending, std::stop_token stop) {
  auto delay = options_.first_retry_delay;
  bool outage_logged = false;
  while (!stop.stop_requested()) {
    try {
      pending.work();
      if (outage_logged) log::info("processing deliveries again");
      return true;
    } catch (const std::exception& e) {
      if (options_.on_failure) options_.on_failure(e);
      if (!outage_logged) {
        log::warn("cannot process a delivery, retrying (it stays unacknowledged)",
                  {{"message_id", pending.message_id}, {"error", e.what()}});
        outage_logged = true;
      }
    }
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, stop, delay, [] { return false; });
    delay = std::min(delay * 2, options_.max_retry_delay);
  }
  return false;
}

}  // namespace taskflow::amqp
