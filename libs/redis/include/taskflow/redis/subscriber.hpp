#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "taskflow/redis/reply.hpp"
#include "taskflow/redis/url.hpp"

namespace taskflow::redis {

struct Subscription {
  std::vector<std::string> channels;
  std::vector<std::string> patterns;  // PSUBSCRIBE globs
  // After every (re)subscription, once Redis confirmed all of it and before any message of that
  // connection is delivered: the place to reload state from Redis, since messages published
  // while disconnected are lost. Throwing counts as a failed connection and is retried.
  std::function<void()> on_connected;
  // One published message; for a pattern subscription, channel is the concrete channel.
  std::function<void(const std::string& channel, const std::string& payload)> on_message;
};

struct SubscriberOptions {
  std::chrono::milliseconds connect_timeout{1000};
  // Longest wait for a message before checking whether stop() was called.
  std::chrono::milliseconds poll_interval{200};
  std::chrono::milliseconds first_retry_delay{100};
  std::chrono::milliseconds max_retry_delay{2000};
};

// Keeps one connection subscribed on a thread of its own, reconnecting with backoff after any
// failure. Callbacks run on that thread, one at a time.
class Subscriber {
 public:
  // Throws ConfigError for a bad URL, std::invalid_argument for an empty subscription.
  Subscriber(std::string_view url, Subscription subscription, SubscriberOptions options = {});
  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // Starts the thread. Separate from the constructor so an owner can finish constructing what
  // the callbacks use first.
  void start();
  // Returns once the thread has finished; at most about one poll interval or connect timeout.
  void stop();

  // Subscribed right now, for /ready.
  bool connected() const noexcept { return connected_; }

 private:
  void run(std::stop_token stop);
  // One connection's life: returns when stop is requested, throws when the connection fails.
  void subscribe_and_listen(std::stop_token stop);
  void deliver(const Reply& reply);

  Endpoint endpoint_;
  Subscription subscription_;
  SubscriberOptions options_;
  std::atomic<bool> connected_ = false;
  std::mutex retry_mutex_;
  std::condition_variable_any retry_wait_;
  std::jthread thread_;
};

}  // namespace taskflow::redis
