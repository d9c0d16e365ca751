#pragma once
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

namespace taskflow::redis::testing {

// A port nothing listens on right now.
int free_port();

// Polls condition every 10 ms until it holds or timeout passes; returns its last value.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// The Redis the tests run against: TASKFLOW_TEST_REDIS_URL if set, otherwise a redis-server
// child process on a free port, with persistence off, in a temp folder removed afterwards.
class TestRedis {
 public:
  // Why no server can be provided (no URL and no redis-server), or nullopt.
  static std::optional<std::string> unavailable_reason();

  // Starts the child when there is no URL; throws std::runtime_error on failure.
  TestRedis();
  ~TestRedis();
  TestRedis(const TestRedis&) = delete;
  TestRedis& operator=(const TestRedis&) = delete;

  const std::string& url() const { return url_; }
  // False when the server came from TASKFLOW_TEST_REDIS_URL and cannot be killed.
  bool owns_server() const { return !dir_.empty(); }
  // SIGKILL, like a crash; waits until the process is gone.
  void kill();
  // Starts it again on the same port; waits until it answers PING.
  void start();

 private:
  std::string url_;
  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace taskflow::redis::testing
