#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

namespace taskflow::amqp {

// Shuts a socket down when a deadline passes, so a thread stuck in a rabbitmq-c call that has
// no timeout of its own (a publish that blocks because the broker stopped reading) returns with
// an error instead of hanging.
class SocketWatchdog {
 public:
  using Clock = std::chrono::steady_clock;

  // Watches from arm() until the guard is destroyed.
  class Guard {
   public:
    explicit Guard(SocketWatchdog& watchdog) : watchdog_(&watchdog) {}
    ~Guard() { disarm(); }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    // Stops watching; returns whether the deadline passed and the socket was shut down.
    bool disarm() noexcept;

   private:
    SocketWatchdog* watchdog_;
  };

  SocketWatchdog();
  ~SocketWatchdog();
  SocketWatchdog(const SocketWatchdog&) = delete;
  SocketWatchdog& operator=(const SocketWatchdog&) = delete;

  // Watches a duplicate of socket, so a descriptor rabbitmq-c closes and the system hands out
  // again is never touched. Throws std::system_error if the socket cannot be duplicated.
  [[nodiscard]] Guard arm(int socket, Clock::time_point deadline);

 private:
  void watch(std::stop_token stop);
  bool disarm() noexcept;

  std::mutex mutex_;
  std::condition_variable_any changed_;
  int socket_ = -1;  // the duplicate, while armed
  Clock::time_point deadline_;
  bool fired_ = false;
  std::jthread thread_;
};

}  // namespace taskflow::amqp
