#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "taskflow/amqp/url.hpp"

// rabbitmq-c's handle type, so this header does not drag <amqp.h> into every service.
struct amqp_connection_state_t_;

namespace taskflow::amqp {

struct ConnectionOptions {
  // Limits the TCP connect, the login and every synchronous method (declare, bind, qos, ...).
  std::chrono::milliseconds timeout{2000};
  // Proposed to the broker, which may lower it; 0 turns heartbeats off. rabbitmq-c sends and
  // checks heartbeats only inside calls that read from the socket: Publisher and Consumer say
  // how they keep that going.
  std::chrono::seconds heartbeat{10};
  // Shown in the management UI's connection list, e.g. "tasks-0 outbox relay".
  std::string name;
};

// Optional queue or exchange arguments: x-dead-letter-exchange, x-dead-letter-routing-key,
// x-queue-type (strings), x-message-ttl, x-max-length (integers), ...
using Arguments = std::map<std::string, std::variant<std::string, std::int64_t, bool>, std::less<>>;

// What the broker reported when a queue was declared.
struct QueueState {
  std::uint32_t ready_messages = 0;  // not counting delivered-but-unacknowledged ones
  std::uint32_t consumers = 0;
};

// One blocking AMQP 0-9-1 connection with one channel. Use it from one thread at a time and
// never from an Asio I/O thread. Every failure throws DependencyUnavailable("rabbitmq", ...)
// with the broker's reply text when it closed the channel or connection; the connection is
// unusable afterwards and the owner makes a new one.
class Connection {
 public:
  static constexpr std::uint16_t channel = 1;

  // Connects, logs in and opens the channel.
  Connection(const Endpoint& endpoint, const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void declare_exchange(std::string_view name, std::string_view type, bool durable,
                        const Arguments& arguments = {});
  QueueState declare_queue(std::string_view name, bool durable, const Arguments& arguments = {});
  void bind_queue(std::string_view queue, std::string_view exchange, std::string_view binding_key);

  // Says goodbye (connection.close, waiting up to the timeout for the reply), so the broker
  // logs no "unexpectedly closed" warning. Errors are ignored: the socket is closed either way.
  void close() noexcept;

  // The rabbitmq-c handle, for Publisher, Consumer and methods this class does not wrap.
  amqp_connection_state_t_* native_handle() const noexcept { return state_.get(); }

 private:
  struct StateDeleter {
    void operator()(amqp_connection_state_t_* state) const noexcept;
  };
  std::unique_ptr<amqp_connection_state_t_, StateDeleter> state_;
  bool closed_ = false;
};

}  // namespace taskflow::amqp
