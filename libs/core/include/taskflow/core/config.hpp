#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace taskflow {

// A missing or invalid setting. main() prints what() as one line and exits.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads settings from environment variables, validating each as it is read.
class Env {
 public:
  static std::optional<std::string> raw(std::string_view name);
  static std::string required(std::string_view name);
  static std::string string(std::string_view name, std::string_view fallback);
  static std::int64_t integer(std::string_view name, std::int64_t fallback, std::int64_t min,
                              std::int64_t max);
  static bool boolean(std::string_view name, bool fallback);
  static std::chrono::seconds seconds(std::string_view name, std::chrono::seconds fallback,
                                      std::chrono::seconds min, std::chrono::seconds max);
};

// Parses an integer within [min, max]; nullopt for anything else (sign, junk, overflow).
std::optional<std::int64_t> parse_integer(std::string_view text, std::int64_t min,
                                          std::int64_t max);

}  // namespace taskflow
