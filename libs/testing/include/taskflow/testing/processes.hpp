#pragma once
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace taskflow::testing {

// A loopback port nothing listens on right now.
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

// The value of an environment variable naming an external server (TASKFLOW_TEST_REDIS_URL,
// ...), or nullopt when unset or empty: the tests then start a server of their own.
std::optional<std::string> external_url(const char* variable);

// The program's path in one of $PATH's folders, or nullopt.
std::optional<std::filesystem::path> on_path(std::string_view program);

// A fresh folder under the system temp folder, removed with everything in it on destruction.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "taskflow-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Starts program (args[0] is its name) with its output appended to log and stdin from
// /dev/null; the child is killed when the test binary dies, even on a crash. environment
// nullopt: the test's own.
pid_t spawn(const std::filesystem::path& program, std::vector<std::string> args,
            const std::filesystem::path& log,
            std::optional<std::vector<std::string>> environment = std::nullopt);

// SIGKILL, like a crash, then waits for the process; sets pid to -1. No-op for pid <= 0.
void kill_and_wait(pid_t& pid);

}  // namespace taskflow::testing
