#include "taskflow/core/log.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace taskflow::log {
namespace {

// Lines are buffered and written by a flusher thread every 100 ms (at once for warnings and
// errors, or when 256 KiB are waiting), so a busy service does not pay a write system call per
// request. Callers only append under `mutex`: the write itself happens outside it, because a
// write to a file can block for a long time (the kernel throttles writers while much of the page
// cache is dirty), and an I/O thread logging a request must never wait for that.
struct State {
  std::mutex mutex;
  std::condition_variable wake;
  std::string buffer;
  bool write_now = false;
  std::size_t dropped = 0;  // lines not kept while the buffer was full
  std::mutex writing;       // one writer at a time, so chunks reach the file in order
  std::string service = "taskflow";
  std::string instance;
  Level min_level = Level::info;
  std::jthread flusher;
};

// What the buffer may hold while a write is blocked; beyond it lines are counted and dropped.
constexpr std::size_t kMaxBuffered = 16 * 1024 * 1024;
constexpr std::size_t kWriteAt = 256 * 1024;

State& state() {
  static State instance;
  return instance;
}

// Takes what is buffered and writes it. Called with `writing` held.
void write_buffered(State& s) {
  std::string pending;
  std::size_t dropped = 0;
  {
    std::lock_guard lock(s.mutex);
    pending.swap(s.buffer);
    std::swap(dropped, s.dropped);
    s.write_now = false;
  }
  if (dropped > 0) {
    pending += fmt::format(
        R"({{"level":"warn","msg":"log lines dropped while writing was blocked","dropped":{},"service":"{}"}})"
        "\n",
        dropped, s.service);
  }
  if (pending.empty()) return;
  std::fwrite(pending.data(), 1, pending.size(), stdout);
  std::fflush(stdout);
}

void flush_forever(std::stop_token stop) {
  auto& s = state();
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(s.mutex);
      s.wake.wait_for(lock, std::chrono::milliseconds(100), [&s] { return s.write_now; });
    }
    std::lock_guard writing(s.writing);
    write_buffered(s);
  }
}

const char* name_of(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

std::string utc_now() {
  auto now = std::chrono::system_clock::now();
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(now)), millis);
}

}  // namespace

void init(std::string_view service, std::string_view instance, std::string_view level) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  s.service = service;
  s.instance = instance;
  if (!s.flusher.joinable()) {
    s.flusher = std::jthread(flush_forever);
    std::atexit(flush);
  }
  if (level == "debug")
    s.min_level = Level::debug;
  else if (level == "warn")
    s.min_level = Level::warn;
  else if (level == "error")
    s.min_level = Level::error;
  else
    s.min_level = Level::info;
}

bool enabled(Level level) {
  return level >= state().min_level;
}

void write(Level level, std::string_view message, nlohmann::json fields) {
  if (!enabled(level)) return;
  auto& s = state();
  if (!fields.is_object()) fields = nlohmann::json{{"value", std::move(fields)}};
  fields["ts"] = utc_now();
  fields["level"] = name_of(level);
  fields["msg"] = message;
  fields["service"] = s.service;
  if (!s.instance.empty()) fields["instance"] = s.instance;
  auto line = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line.push_back('\n');
  bool without_flusher = false;
  {
    std::lock_guard lock(s.mutex);
    if (s.buffer.size() + line.size() > kMaxBuffered) {
      ++s.dropped;
      return;
    }
    s.buffer += line;
    without_flusher = !s.flusher.joinable();
    if (level >= Level::warn || s.buffer.size() > kWriteAt) s.write_now = true;
    if (s.write_now) s.wake.notify_one();
  }
  if (without_flusher) flush();
}

void flush() {
  auto& s = state();
  std::lock_guard writing(s.writing);
  write_buffered(s);
}

}  // namespace taskflow::log
