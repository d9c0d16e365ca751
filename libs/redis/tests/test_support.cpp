#include "test_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <hiredis/hiredis.h>

namespace taskflow::redis::testing {
namespace {

bool answers_ping(int port) {
  std::unique_ptr<redisContext, decltype(&redisFree)> context(
      redisConnectWithTimeout("127.0.0.1", port, {.tv_sec = 0, .tv_usec = 200'000}), &redisFree);
  if (!context || context->err != 0) return false;
  auto* reply = static_cast<redisReply*>(redisCommand(context.get(), "PING"));
  bool pong = reply != nullptr && reply->type == REDIS_REPLY_STATUS;
  freeReplyObject(reply);
  return pong;
}

}  // namespace

std::optional<std::string> TestRedis::unavailable_reason() {
  if (::taskflow::testing::external_url("TASKFLOW_TEST_REDIS_URL") ||
      ::taskflow::testing::on_path("redis-server"))
    return std::nullopt;
  return "redis-server not found on PATH; install the redis-server package or set "
         "TASKFLOW_TEST_REDIS_URL";
}

TestRedis::TestRedis() {
  if (auto url = ::taskflow::testing::external_url("TASKFLOW_TEST_REDIS_URL")) {
    url_ = *url;
    return;
  }
  std::string dir = std::filesystem::temp_directory_path() / "taskflow-redis-XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp");
  }
  dir_ = dir;
  port_ = free_port();
  url_ = fmt::format("redis://127.0.0.1:{}/0", port_);
  try {
    start();
  } catch (...) {
    std::filesystem::remove_all(dir_);
    throw;
  }
}

TestRedis::~TestRedis() {
  if (!owns_server()) return;
  kill();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void TestRedis::start() {
  std::vector<std::string> args = {
      "redis-server", "--port", std::to_string(port_), "--bind",    "127.0.0.1",
      "--save",       "",       "--appendonly",        "no",        "--daemonize",
      "no",           "--dir",  dir_.string(),         "--logfile", (dir_ / "redis.log").string()};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid_ == 0) {
    // Dies with the test binary even when a crash skips the destructor.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  if (!eventually([this] { return answers_ping(port_); }, std::chrono::seconds(5))) {
    kill();
    throw std::runtime_error(fmt::format("redis-server did not answer on port {}; see {}", port_,
                                         (dir_ / "redis.log").string()));
  }
}

void TestRedis::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace taskflow::redis::testing
