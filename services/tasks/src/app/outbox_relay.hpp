#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include <pqxx/pqxx>

#include "app/background_loop.hpp"
#include "taskflow/amqp/publisher.hpp"

namespace taskflow::tasks {

struct OutboxRelayOptions {
  std::string database_url;
  std::string amqp_url;
  std::size_t batch_size = 500;
  std::chrono::milliseconds confirm_timeout{5000};
  std::chrono::milliseconds idle_poll{200};
  std::chrono::hours keep_published{24};
};

// Publishes the outbox to RabbitMQ with publisher confirms and marks rows sent only once the
// broker confirmed them, so nothing is lost whatever the broker does (at-least-once). One
// instance relays at a time: the one holding a PostgreSQL advisory lock on its own connection.
// That keeps events in outbox order (so in order per task) and no row is sent by two
// instances at once; if that instance dies, its lock goes with its connection and another
// takes over. Runs on its own thread: all of it blocks.
class OutboxRelay : public BackgroundLoop {
 public:
  explicit OutboxRelay(OutboxRelayOptions options);
  ~OutboxRelay() override { stop(); }

  // A transaction that wrote outbox rows committed: publish now instead of at the next poll.
  using BackgroundLoop::wake;

  std::uint64_t published() const noexcept { return published_; }
  bool leading() const noexcept { return leading_; }
  bool broker_connected() const noexcept { return publisher_.connected(); }

 private:
  void run(std::stop_token stop) override;
  void lead(std::stop_token stop, pqxx::connection& lock_connection);
  // Publishes one batch; returns how many rows it marked sent, or -1 if the broker failed.
  long relay_batch(pqxx::connection& connection);
  void delete_old(pqxx::connection& connection);

  OutboxRelayOptions options_;
  amqp::Publisher publisher_;
  std::atomic<std::uint64_t> published_{0};
  std::atomic<bool> leading_{false};
};

}  // namespace taskflow::tasks
