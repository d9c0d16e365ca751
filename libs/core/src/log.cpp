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

// Lines are buffered and written by a flusher thread every 100 ms (warnings and errors at
// once), so a busy service does not pay a write system call per request.
struct State {
  std::mutex mutex;
  std::condition_variable wake;  // only to sleep; nothing notifies it
  std::string buffer;
  std::string service = "taskflow";
  std::string instance;
  Level min_level = Level::info;
  std::jthread flusher;
};

void write_out(std::string& pending) {
  std::fwrite(pending.data(), 1, pending.size(), stdout);
  std::fflush(stdout);
  pending.clear();
}

State& state() {
  static State instance;
  return instance;
}

void flush_forever(std::stop_token stop) {
  auto& s = state();
  while (!stop.stop_requested()) {
    std::unique_lock lock(s.mutex);
    s.wake.wait_for(lock, std::chrono::milliseconds(100));
    if (!s.buffer.empty()) write_out(s.buffer);
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
  std::lock_guard lock(s.mutex);
  s.buffer += line;
  if (level >= Level::warn || s.buffer.size() > 256 * 1024 || !s.flusher.joinable()) {
    write_out(s.buffer);
  }
}

void flush() {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  if (!s.buffer.empty()) write_out(s.buffer);
}

}  // namespace taskflow::log
