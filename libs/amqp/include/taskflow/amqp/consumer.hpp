#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "taskflow/amqp/connection.hpp"
#include "taskflow/amqp/url.hpp"

namespace taskflow::amqp {

// Names one delivery. Delivery tags count per connection, so a tag alone would name a
// different message after a reconnect.
struct DeliveryId {
  std::uint64_t connection = 0;
  std::uint64_t tag = 0;
};

struct Delivery {
  DeliveryId id;
  std::string exchange;
  std::string routing_key;
  std::string body;
  std::string message_id;
  std::string content_type;
  bool persistent = false;
  // Delivered before and not acknowledged (requeued, or its consumer went away): the handler
  // may have seen it already.
  bool redelivered = false;
  std::map<std::string, std::string> headers;  // the string-valued ones
};

enum class Decision {
  ack,                 // done: the broker forgets it
  reject_dead_letter,  // basic.reject without requeue: to the queue's dead-letter exchange
  requeue,             // basic.nack with requeue: delivered again, redelivered = true
  later,               // the caller settles it with Consumer::settle()
};

// For a message that can never be processed: logs `what` and `reason` with the delivery's
// routing key, message id and the start of its body, and returns Decision::reject_dead_letter.
Decision dead_letter(const Delivery& delivery, std::string_view what, std::string_view reason);

struct ConsumerOptions {
  std::string queue;
  // Unacknowledged deliveries the broker lets this consumer hold.
  std::uint16_t prefetch = 100;
  // Declares the exchanges, queues and bindings the consumer needs, after every (re)connection
  // and before consuming. Throwing counts as a failed connection and is retried.
  std::function<void(Connection&)> setup;
  // Runs on the consumer thread, one delivery at a time. It must return within a few seconds:
  // heartbeats are not serviced meanwhile (return Decision::later for longer work). A handler
  // that throws is logged and its delivery requeued once, then dead-lettered.
  std::function<Decision(const Delivery&)> handler;
  ConnectionOptions connection;
  // Longest wait for a delivery before looking at stop() and queued settlements.
  std::chrono::milliseconds poll_interval{200};
  std::chrono::milliseconds first_retry_delay{100};
  std::chrono::milliseconds max_retry_delay{2000};
};

// Consumes one queue with manual acknowledgements on a thread of its own, reconnecting with
// backoff after any failure (the broker redelivers what was unacknowledged). All channel work
// happens on that thread: settle() only queues.
//
// Heartbeats: rabbitmq-c sends and checks them while the thread waits for deliveries (at most
// poll_interval per wait), so they are serviced as long as the handler returns promptly.
class Consumer {
 public:
  // Throws ConfigError for a bad URL, std::invalid_argument without a queue or handler.
  Consumer(std::string_view url, ConsumerOptions options);
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Starts the thread. Separate from the constructor so the owner can finish constructing what
  // the handler uses first.
  void start();
  // Sends the settlements queued so far, closes the connection (the broker requeues what is
  // still unacknowledged) and joins the thread: about one poll interval plus the handler.
  void stop();

  // Settles a delivery the handler answered Decision::later for; safe from any thread, once per
  // delivery. Sent by the consumer thread within a poll interval. A delivery of an earlier
  // connection is ignored: the broker has requeued it already.
  void settle(DeliveryId id, Decision decision);

  // Consuming right now, for /ready.
  bool connected() const noexcept { return connected_; }

 private:
  struct Settlement {
    DeliveryId id;
    Decision decision;
  };

  void run(std::stop_token stop);
  // One connection's life: returns when stop is requested, throws when the connection fails.
  void consume(std::stop_token stop);
  Decision handle(const Delivery& delivery);
  void send_settlements(amqp_connection_state_t_* state);

  Endpoint endpoint_;
  ConsumerOptions options_;
  std::uint64_t connection_id_ = 0;  // consumer thread only
  std::atomic<bool> connected_ = false;
  std::mutex settlements_mutex_;
  std::vector<Settlement> settlements_;
  std::mutex retry_mutex_;
  std::condition_variable_any retry_wait_;
  std::jthread thread_;
};

}  // namespace taskflow::amqp
