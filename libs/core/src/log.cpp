#include "taskflow/core/log.hpp"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace taskflow::log {
namespace {

struct State {
  std::mutex mutex;
  std::string service = "taskflow";
  std::string instance;
  Level min_level = Level::info;
};

State& state() {
  static State instance;
  return instance;
}

const char* name_of(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

std::string utc_now() {
  auto now = std::chrono::system_clock::now();
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(now)),
                     millis);
}

}  // namespace

void init(std::string_view service, std::string_view instance, std::string_view level) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  s.service = service;
  s.instance = instance;
  if (level == "debug") s.min_level = Level::debug;
  else if (level == "warn") s.min_level = Level::warn;
  else if (level == "error") s.min_level = Level::error;
  else s.min_level = Level::info;
}

bool enabled(Level level) { return level >= state().min_level; }

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
  // One write per line: log files are read live by people and tests tailing them.
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

}  // namespace taskflow::log
