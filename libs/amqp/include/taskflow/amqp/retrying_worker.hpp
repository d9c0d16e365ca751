#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "taskflow/amqp/consumer.hpp"

namespace taskflow::amqp {

struct RetryingWorkerOptions {
  std::chrono::milliseconds first_retry_delay{100};
  std::chrono::milliseconds max_retry_delay{2000};
  // Called on the worker thread with every failed attempt (for a metric); the first failure of
  // an outage and the recovery are logged.
  std::function<void(const std::exception&)> on_failure;
};

// The blocking part of consuming (a database write, a Redis command), off the consumer thread,
// which must keep returning to service heartbeats. A handler hands a delivery's work over with
// defer() and answers what it returns; the worker does the work of one delivery at a time, in
// arrival order, retrying it with backoff while it throws, and acknowledges the delivery only
// once it succeeded. So while a dependency is down nothing is acknowledged, the broker stops at
// the consumer's prefetch window, and what is unacknowledged is redelivered after a reconnect:
// the work must be idempotent.
class RetryingWorker {
 public:
  RetryingWorker(Consumer& consumer, RetryingWorkerOptions options = {});
  ~RetryingWorker();
  RetryingWorker(const RetryingWorker&) = delete;
  RetryingWorker& operator=(const RetryingWorker&) = delete;

  void start();
  // Ends the current retry and joins the thread; what was not done stays unacknowledged. Call it
  // before Consumer::stop().
  void stop();

  // Queues `work` for `delivery`; returns Decision::later for the handler to answer.
  Decision defer(const Delivery& delivery, std::function<void()> work);

 private:
  struct Pending {
    DeliveryId delivery;
    std::string message_id;  // for the logs
    std::function<void()> work;
  };

  void run(std::stop_token stop);
  // Runs the work until it succeeds; false if stopped first.
  bool run_with_retry(const Pending& pending, std::stop_token stop);

  Consumer& consumer_;
  RetryingWorkerOptions options_;
  std::mutex mutex_;
  std::condition_variable_any arrived_;
  std::deque<Pending> pending_;
  std::jthread thread_;
};

}  // namespace taskflow::amqp
