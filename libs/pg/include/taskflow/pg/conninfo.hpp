#pragma once
#include <chrono>
#include <string>
#include <string_view>

namespace taskflow::pg {

// Limits every connection carries, so a PostgreSQL outage or a runaway query can never hang a
// caller.
struct ConnectionSettings {
  std::chrono::seconds connect_timeout{2};
  // Zero disables the limit (the migration runner, which may wait for another instance's lock).
  std::chrono::milliseconds statement_timeout{5000};
};

// Turns a DATABASE_URL (postgresql://user:password@host:port/database?param=value, or a libpq
// keyword/value string) into a keyword/value conninfo with the settings and TCP keepalives
// added. Settings the URL already has win (connect_timeout, keepalives_*, tcp_user_timeout, a
// statement_timeout inside `options`). Throws ConfigError for a URL libpq cannot parse; the
// message never repeats the URL, which may hold a password.
std::string build_conninfo(std::string_view database_url, const ConnectionSettings& settings);

}  // namespace taskflow::pg
