#pragma once
#include <atomic>
#include <cstdint>
#include <string>

#include "domain/user_event.hpp"
#include "taskflow/amqp/consumer.hpp"
#include "taskflow/amqp/retrying_worker.hpp"
#include "taskflow/http/metrics.hpp"
#include "taskflow/pg/pool.hpp"

namespace taskflow::tasks {

struct UserDirectoryFeedOptions {
  std::string amqp_url;
  std::string database_url;
  std::string connection_name;  // shown in RabbitMQ's connection list
};

// The auth service's user events in, the user directory out. The consumer thread reads the
// durable queue tasks.users: a message that can never be applied is logged and dead-lettered;
// the rest go to a worker thread that applies each in one transaction of its own and only then
// acknowledges it, retrying with backoff while PostgreSQL is unreachable (nothing is
// acknowledged meanwhile, so nothing is lost; applying is idempotent).
class UserDirectoryFeed {
 public:
  UserDirectoryFeed(UserDirectoryFeedOptions options, http::Metrics& metrics);
  ~UserDirectoryFeed();
  UserDirectoryFeed(const UserDirectoryFeed&) = delete;
  UserDirectoryFeed& operator=(const UserDirectoryFeed&) = delete;

  void start();
  // Stops applying, then closes the consumer (the broker requeues what was not acknowledged).
  void stop();

  bool consuming() const noexcept { return consumer_.connected(); }

 private:
  amqp::Decision on_delivery(const amqp::Delivery& delivery);
  // Throws while PostgreSQL is unreachable (the worker retries).
  void apply(const UserEvent& event);

  pg::Pool db_;
  std::atomic<std::uint64_t>& applied_;
  std::atomic<std::uint64_t>& stale_;
  std::atomic<std::uint64_t>& dead_lettered_;
  std::atomic<std::uint64_t>& failures_;
  amqp::Consumer consumer_;
  amqp::RetryingWorker worker_;
};

}  // namespace taskflow::tasks
