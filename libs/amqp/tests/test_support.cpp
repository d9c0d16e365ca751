#include "test_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

extern char** environ;

namespace taskflow::amqp::testing {
namespace {

using ::taskflow::testing::kill_and_wait;
using ::taskflow::testing::on_path;
using ::taskflow::testing::spawn;

using namespace std::chrono_literals;

constexpr std::string_view kBrokerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// The test's environment without RabbitMQ or Erlang settings of its own, plus extra.
std::vector<std::string> child_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> result;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view variable(*entry);
    if (variable.starts_with("RABBITMQ_") || variable.starts_with("ERL_") ||
        variable.starts_with("HOME=")) {
      continue;
    }
    result.emplace_back(variable);
  }
  result.insert(result.end(), extra.begin(), extra.end());
  return result;
}

bool exited(pid_t pid) {
  return waitpid(pid, nullptr, WNOHANG) == pid;
}

// The broker answers a protocol header with connection.start, a method frame (type 1).
bool speaks_amqp(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool answered = false;
  constexpr char header[] = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      send(fd, header, sizeof header, MSG_NOSIGNAL) == sizeof header) {
    pollfd readable{.fd = fd, .events = POLLIN, .revents = 0};
    char frame_type = 0;
    answered = poll(&readable, 1, 1000) == 1 && recv(fd, &frame_type, 1, 0) == 1 && frame_type == 1;
  }
  close(fd);
  return answered;
}

bool accepts_connections(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool accepted =
      fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  if (fd >= 0) close(fd);
  return accepted;
}

}  // namespace

std::optional<std::string> TestRabbit::unavailable_reason() {
  if (::taskflow::testing::external_url("TASKFLOW_TEST_AMQP_URL")) return std::nullopt;
  if (access(std::string(kBrokerScript).c_str(), X_OK) == 0 && on_path("epmd")) {
    return std::nullopt;
  }
  return fmt::format(
      "{} or epmd not found; install the rabbitmq-server package or set TASKFLOW_TEST_AMQP_URL",
      kBrokerScript);
}

TestRabbit::TestRabbit() {
  if (auto url = ::taskflow::testing::external_url("TASKFLOW_TEST_AMQP_URL")) {
    url_ = *url;
    return;
  }
  std::string dir = std::filesystem::temp_directory_path() / "taskflow-amqp-XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp");
  }
  dir_ = dir;
  try {
    std::filesystem::create_directories(dir_ / "home");
    std::filesystem::permissions(dir_ / "home", std::filesystem::perms::owner_all);
    std::filesystem::create_directories(dir_ / "log");
    write_file(dir_ / "rabbitmq.conf",
               "default_user = taskflow\n"
               "default_pass = taskflow\n"
               "default_vhost = /\n"
               "default_permissions.configure = .*\n"
               "default_permissions.read = .*\n"
               "default_permissions.write = .*\n"
               "loopback_users = none\n"
               "log.console = false\n"
               "log.file.level = info\n");
    write_file(dir_ / "rabbitmq-env.conf", "");  // keeps /etc/rabbitmq/rabbitmq-env.conf out
    write_file(dir_ / "enabled_plugins", "[].\n");
    node_name_ = fmt::format("amqptest-{}@localhost", getpid());
    amqp_port_ = free_port();
    dist_port_ = free_port();
    epmd_port_ = free_port();
    url_ = fmt::format("amqp://taskflow:taskflow@127.0.0.1:{}/%2f", amqp_port_);

    auto epmd = on_path("epmd");
    epmd_pid_ = spawn(*epmd, {"epmd", "-port", std::to_string(epmd_port_), "-address", "127.0.0.1"},
                      dir_ / "log" / "epmd.log", child_environment({}));
    bool died = false;
    bool listening = eventually(
        [&] {
          died = exited(epmd_pid_);
          return died || accepts_connections(epmd_port_);
        },
        5s);
    if (died) epmd_pid_ = -1;  // already reaped
    if (!listening || died) {
      throw std::runtime_error(fmt::format("epmd did not start on port {}; see {}", epmd_port_,
                                           (dir_ / "log").string()));
    }
    start();
  } catch (...) {
    kill_and_wait(broker_pid_);
    kill_and_wait(epmd_pid_);
    std::filesystem::remove_all(dir_);
    throw;
  }
}

TestRabbit::~TestRabbit() {
  if (!owns_server()) return;
  kill_and_wait(broker_pid_);
  kill_and_wait(epmd_pid_);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void TestRabbit::start() {
  if (!owns_server() || broker_pid_ > 0) return;
  auto path = [this](const char* name) { return (dir_ / name).string(); };
  std::vector<std::string> environment = child_environment({
      "HOME=" + path("home"),  // the Erlang cookie goes there
      "RABBITMQ_NODENAME=" + node_name_,
      "RABBITMQ_USE_LONGNAME=false",
      "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
      fmt::format("RABBITMQ_NODE_PORT={}", amqp_port_),
      fmt::format("RABBITMQ_DIST_PORT={}", dist_port_),
      "RABBITMQ_MNESIA_BASE=" + path("mnesia"),
      "RABBITMQ_LOG_BASE=" + path("log"),
      "RABBITMQ_CONFIG_FILE=" + path("rabbitmq.conf"),
      "RABBITMQ_ADVANCED_CONFIG_FILE=" + path("advanced.config"),
      "RABBITMQ_CONF_ENV_FILE=" + path("rabbitmq-env.conf"),
      "RABBITMQ_ENABLED_PLUGINS_FILE=" + path("enabled_plugins"),
      "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}",
      fmt::format("ERL_EPMD_PORT={}", epmd_port_),
      "ERL_EPMD_ADDRESS=127.0.0.1",
      // Makes the script exec the Erlang VM instead of waiting for it as a child, so the pid
      // is the broker's own: SIGKILL, SIGSTOP and PR_SET_PDEATHSIG reach it.
      "detached=1",
  });
  broker_pid_ = spawn(kBrokerScript, {"rabbitmq-server"}, dir_ / "log" / "stdout.log",
                      std::move(environment));
  bool died = false;
  bool ready = eventually(
      [&] {
        died = exited(broker_pid_);
        return died || speaks_amqp(amqp_port_);
      },
      60s);
  if (died) broker_pid_ = -1;  // already reaped
  if (!ready || died) {
    kill_and_wait(broker_pid_);
    throw std::runtime_error(fmt::format("RabbitMQ did not start on port {}; see {}", amqp_port_,
                                         (dir_ / "log").string()));
  }
}

void TestRabbit::kill() {
  kill_and_wait(broker_pid_);
}

// The signals take effect asynchronously: wait until the kernel reports the new state.
void TestRabbit::pause() {
  if (broker_pid_ <= 0) return;
  ::kill(broker_pid_, SIGSTOP);
  waitpid(broker_pid_, nullptr, WUNTRACED);
}

void TestRabbit::resume() {
  if (broker_pid_ <= 0) return;
  ::kill(broker_pid_, SIGCONT);
  waitpid(broker_pid_, nullptr, WCONTINUED);
}

namespace {

std::unique_ptr<TestRabbit> broker;
std::string problem;

class BrokerEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (TestRabbit::unavailable_reason() || !broker_test_selected()) return;
    auto started = std::chrono::steady_clock::now();
    try {
      broker = std::make_unique<TestRabbit>();
    } catch (const std::exception& e) {
      problem = e.what();
      return;
    }
    if (broker->owns_server()) {
      auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
      fmt::print("RabbitMQ booted in {:.1f} s at {}\n", seconds.count(), broker->url());
    }
  }
  void TearDown() override { broker.reset(); }

 private:
  static bool broker_test_selected() {
    const auto& tests = *::testing::UnitTest::GetInstance();
    for (int i = 0; i < tests.total_test_suite_count(); ++i) {
      const auto& suite = *tests.GetTestSuite(i);
      if (std::string_view(suite.name()).starts_with("Broker") && suite.test_to_run_count() > 0) {
        return true;
      }
    }
    return false;
  }
};

// gtest owns and deletes registered environments.
[[maybe_unused]] auto* const environment =
    ::testing::AddGlobalTestEnvironment(std::make_unique<BrokerEnvironment>().release());

}  // namespace

TestRabbit* shared_broker() {
  return broker.get();
}

const std::string& broker_problem() {
  return problem;
}

}  // namespace taskflow::amqp::testing
