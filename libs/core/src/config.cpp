#include "taskflow/core/config.hpp"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

namespace taskflow {

std::optional<std::int64_t> parse_integer(std::string_view text, std::int64_t min,
                                          std::int64_t max) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> Env::raw(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::string Env::required(std::string_view name) {
  auto value = raw(name);
  if (!value || value->empty()) throw ConfigError(fmt::format("config: {} is required", name));
  return *value;
}

std::string Env::string(std::string_view name, std::string_view fallback) {
  auto value = raw(name);
  return value && !value->empty() ? *value : std::string(fallback);
}

std::int64_t Env::integer(std::string_view name, std::int64_t fallback, std::int64_t min,
                          std::int64_t max) {
  auto value = raw(name);
  if (!value || value->empty()) return fallback;
  auto parsed = parse_integer(*value, min, max);
  if (!parsed) {
    throw ConfigError(fmt::format("config: {} must be an integer from {} to {} (got '{}')", name,
                                  min, max, *value));
  }
  return *parsed;
}

bool Env::boolean(std::string_view name, bool fallback) {
  auto value = raw(name);
  if (!value || value->empty()) return fallback;
  if (*value == "1" || *value == "true" || *value == "yes") return true;
  if (*value == "0" || *value == "false" || *value == "no") return false;
  throw ConfigError(fmt::format("config: {} must be true or false (got '{}')", name, *value));
}

std::chrono::seconds Env::seconds(std::string_view name, std::chrono::seconds fallback,
                                  std::chrono::seconds min, std::chrono::seconds max) {
  return std::chrono::seconds(integer(name, fallback.count(), min.count(), max.count()));
}

}  // namespace taskflow
