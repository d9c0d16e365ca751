#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "taskflow/amqp/connection.hpp"
#include "taskflow/amqp/url.hpp"

namespace taskflow::amqp {

struct Message {
  std::string exchange;
  std::string routing_key;
  std::string body;
  std::string message_id;  // the event id, so consumers can drop duplicates
  std::string content_type = "application/json";
  bool persistent = true;  // delivery mode 2: written to disk by durable queues
  std::map<std::string, std::string> headers;
};

struct PublishResult {
  // confirmed[i] is true when the broker acknowledged messages[i], even if the call failed
  // afterwards. Nacked, unanswered before the timeout, or lost with the connection: false, and
  // the caller publishes it again later.
  std::vector<bool> confirmed;
  // Why not all were confirmed; empty when they were.
  std::string failure;

  bool all_confirmed() const noexcept { return failure.empty(); }
};

struct PublisherOptions {
  ConnectionOptions connection;
  // Declares what the messages are published to (a missing exchange closes the channel), after
  // every (re)connection. Throwing counts as a failed connection.
  std::function<void(Connection&)> setup;
};

class SocketWatchdog;

// Publishes with publisher confirms on a connection of its own, reconnecting on the call after
// any failure. Blocking and not thread-safe: call it from one thread (a dedicated one or a
// BlockingPool), never from an Asio I/O thread.
//
// Messages go out without the mandatory flag, so the broker confirms and drops one that no
// queue is bound for. To keep events published before the first consumer ever started, let
// setup declare the consumers' queues and bindings too (declaring is idempotent).
//
// Heartbeats are sent and checked only inside publish_batch(): when idle, call it with an empty
// batch at least every heartbeat interval, or the broker drops the connection after two missed
// heartbeats. Nothing is lost then: the next call notices the closed socket before publishing
// and reconnects first.
class Publisher {
 public:
  // Throws ConfigError for a bad URL. Connects on the first publish_batch().
  explicit Publisher(std::string_view url, PublisherOptions options = {});
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Publishes all messages at once, then waits for the broker's confirms until timeout, which
  // bounds the whole call, (re)connecting included, even when the broker stops reading. An
  // empty batch only (re)connects and services heartbeats. Does not throw for broker trouble:
  // that is in the result.
  PublishResult publish_batch(const std::vector<Message>& messages,
                              std::chrono::milliseconds timeout);

  // Connected after the last call, for /ready; safe from any thread.
  bool connected() const noexcept { return connected_; }

 private:
  using Clock = std::chrono::steady_clock;

  void ensure_connected(Clock::time_point deadline);
  // Reads what arrived since the last call without waiting: a closed socket or a close from the
  // broker throws, and rabbitmq-c sends a heartbeat if one is due.
  void read_pending_frames();
  void publish(const Message& message);
  // Reads confirms until the broker settled the whole batch, marking the acknowledged ones as
  // they come; throws when deadline passes. Returns why not all were acked, or "".
  std::string await_confirms(std::uint64_t first_tag, std::vector<bool>& confirmed,
                             Clock::time_point deadline);
  void drop_connection(const std::string& reason);

  Endpoint endpoint_;
  PublisherOptions options_;
  std::unique_ptr<Connection> connection_;
  std::uint64_t next_delivery_tag_ = 1;  // confirms number the channel's publishes from 1
  std::unique_ptr<SocketWatchdog> watchdog_;
  std::atomic<bool> connected_ = false;
  bool outage_logged_ = false;
};

}  // namespace taskflow::amqp
