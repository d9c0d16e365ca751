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
  // Prepared statements run their generic plan from the first execution
  // (plan_cache_mode=force_generic_plan). For a statement with a parameter LIMIT, PostgreSQL's
  // default estimates the generic plan as costlier than any custom one and so plans every
  // execution again, even when both are the same index scan: for short lookups, planning is
  // most of the server's work.
  bool generic_plans = false;
};

// Turns a DATABASE_URL (postgresql://user:password@host:port/database?param=value, or a libpq
// keyword/value string) into a keyword/value conninfo with the settings and TCP keepalives
// added. Settings the URL already has win (connect_timeout, keepalives_*, tcp_user_timeout, a
// statement_timeout or plan_cache_mode inside `options`). Throws ConfigError for a URL libpq cannot
// parse; the message never repeats the URL, which may hold a password.
std::string build_conninfo(std::string_view database_url, const ConnectionSettings& settings);

}  // namespace taskflow::pg
