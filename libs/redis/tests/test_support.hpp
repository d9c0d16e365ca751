#pragma once
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

#include "taskflow/testing/processes.hpp"

namespace taskflow::redis::testing {

using ::taskflow::testing::eventually;
using ::taskflow::testing::free_port;

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
