#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <pqxx/pqxx>

#include "taskflow/amqp/publisher.hpp"
#include "taskflow/core/background_loop.hpp"
#include "taskflow/http/metrics.hpp"

// The transactional outbox's relay, shared by the services that publish events: each writes
// its events into a table `outbox` of its own database, in the transaction of the change:
//   id BIGSERIAL PRIMARY KEY, event_id UUID NOT NULL UNIQUE, routing_key TEXT NOT NULL,
//   payload JSONB NOT NULL, published_at TIMESTAMPTZ (NULL until relayed),
//   with a partial index on (id) WHERE published_at IS NULL, and a statement trigger that
//   NOTIFYs the channel `outbox` (kOutboxChannel) after an insert.
namespace taskflow::outbox {

inline constexpr const char* kOutboxChannel = "outbox";

struct RelayOptions {
  std::string database_url;
  std::string amqp_url;
  // Declares, after every broker (re)connection, the queues and bindings that must keep what
  // is published before their consumer first runs: a topic exchange drops what no queue is
  // bound for. The events exchange itself is always declared.
  std::function<void(amqp::Connection&)> declare_queues;
  std::size_t batch_size = 500;
  std::chrono::milliseconds confirm_timeout{5000};
  // How long an idle relay waits for a notification before it looks anyway (rows written
  // without one, such as a migration's backfill).
  std::chrono::milliseconds idle_poll{200};
  std::chrono::hours keep_published{24};
};

// Publishes the outbox to the events exchange with publisher confirms (persistent, JSON,
// message_id = event_id) and marks rows sent only once the broker confirmed them, so nothing is
// lost whatever the broker does (at-least-once). One instance relays at a time: the one holding
// a PostgreSQL advisory lock on its own connection. That keeps events in outbox order (so in
// order per task or user) and no row is sent by two instances at once; if that instance dies,
// its lock goes with its connection and another takes over. The leader listens on the
// channel the outbox trigger notifies, so a commit by any instance is published at once. Runs
// on its own thread: all of it blocks.
class Relay : public BackgroundLoop {
 public:
  explicit Relay(RelayOptions options);
  ~Relay() override { stop(); }

  std::uint64_t published() const noexcept { return published_; }
  bool leading() const noexcept { return leading_; }
  bool broker_connected() const noexcept { return publisher_.connected(); }

  // The gauges outbox_events_published and outbox_relay_leading.
  void add_metrics(http::Metrics& metrics) const;

 private:
  void run(std::stop_token stop) override;
  void lead(std::stop_token stop, pqxx::connection& lock_connection);
  // Publishes one batch; returns how many rows it marked sent, or -1 if the broker failed.
  long relay_batch(pqxx::connection& connection);
  void delete_old(pqxx::connection& connection);

  RelayOptions options_;
  amqp::Publisher publisher_;
  std::atomic<std::uint64_t> published_{0};
  std::atomic<bool> leading_{false};
};

}  // namespace taskflow::outbox
