#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

// One JSON object per line on stdout, so log shippers need no parsing rules.
namespace taskflow::log {

enum class Level { debug, info, warn, error };

// Sets the service name stamped on every line and the minimum level ("debug".."error").
void init(std::string_view service, std::string_view instance, std::string_view level);
bool enabled(Level level);
// Writes out buffered lines now (also done every 100 ms and at exit).
void flush();
void write(Level level, std::string_view message, nlohmann::json fields = nlohmann::json::object());

inline void debug(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  if (enabled(Level::debug)) write(Level::debug, m, std::move(f));
}
inline void info(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  write(Level::info, m, std::move(f));
}
inline void warn(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  write(Level::warn, m, std::move(f));
}
inline void error(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  write(Level::error, m, std::move(f));
}

}  // namespace taskflow::log
