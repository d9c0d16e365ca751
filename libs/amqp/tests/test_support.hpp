#pragma once
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

#include "taskflow/testing/processes.hpp"

namespace taskflow::amqp::testing {

using ::taskflow::testing::eventually;
using ::taskflow::testing::free_port;

// The RabbitMQ the tests run against: TASKFLOW_TEST_AMQP_URL if set, otherwise a broker child
// process with a private epmd, on free loopback ports, in a temp folder removed afterwards.
class TestRabbit {
 public:
  // Why no broker can be provided (no URL and no rabbitmq-server or epmd), or nullopt.
  static std::optional<std::string> unavailable_reason();

  // Starts epmd and the broker when there is no URL; throws std::runtime_error on failure.
  TestRabbit();
  ~TestRabbit();
  TestRabbit(const TestRabbit&) = delete;
  TestRabbit& operator=(const TestRabbit&) = delete;

  const std::string& url() const { return url_; }
  // False when the broker came from TASKFLOW_TEST_AMQP_URL and cannot be stopped.
  bool owns_server() const { return !dir_.empty(); }
  // SIGKILL, like a crash; waits until the process is gone.
  void kill();
  // Boots it again with the same node name, port and data; waits until it speaks AMQP.
  void start();
  // SIGSTOP: its sockets stay open but it reads and answers nothing. resume() sends SIGCONT.
  void pause();
  void resume();

 private:
  std::string url_;
  std::filesystem::path dir_;
  std::string node_name_;
  int amqp_port_ = 0;
  int dist_port_ = 0;
  int epmd_port_ = 0;
  pid_t epmd_pid_ = -1;
  pid_t broker_pid_ = -1;
};

// The broker shared by every test of this binary: booting one takes about 4 s, so a gtest
// environment starts it once, and only when a selected test suite's name starts with
// "Broker". Null when that failed; broker_problem() says why.
TestRabbit* shared_broker();
const std::string& broker_problem();

}  // namespace taskflow::amqp::testing
