#include "taskflow/pg/conninfo.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <libpq-fe.h>

#include "taskflow/core/config.hpp"

namespace taskflow::pg {
namespace {

struct ConninfoOptionsDeleter {
  void operator()(PQconninfoOption* options) const noexcept { PQconninfoFree(options); }
};
using ConninfoOptions = std::unique_ptr<PQconninfoOption, ConninfoOptionsDeleter>;

struct LibpqStringDeleter {
  void operator()(char* text) const noexcept { PQfreemem(text); }
};

// Quotes a conninfo value: single quotes, with backslash and quote escaped.
std::string quoted(std::string_view value) {
  std::string result = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'') result.push_back('\\');
    result.push_back(c);
  }
  result.push_back('\'');
  return result;
}

void append_setting(std::string& conninfo, std::string_view keyword, std::string_view value) {
  if (!conninfo.empty()) conninfo.push_back(' ');
  conninfo.append(keyword).append("=").append(quoted(value));
}

}  // namespace

std::string build_conninfo(std::string_view database_url, const ConnectionSettings& settings) {
  char* raw_error = nullptr;
  ConninfoOptions parsed(PQconninfoParse(std::string(database_url).c_str(), &raw_error));
  std::unique_ptr<char, LibpqStringDeleter> error(raw_error);
  if (!parsed) {
    std::string reason = error ? error.get() : "out of memory";
    // libpq may quote the whole URL back, password included.
    if (auto at = reason.find(database_url); !database_url.empty() && at != std::string::npos) {
      reason.replace(at, database_url.size(), "<url>");
    }
    while (!reason.empty() && reason.back() == '\n') reason.pop_back();
    throw ConfigError(
        fmt::format("config: DATABASE_URL is not a valid PostgreSQL URL "
                    "(postgresql://user:password@host:port/database): {}",
                    reason));
  }

  std::map<std::string, std::string, std::less<>> defaults = {
      {"connect_timeout", std::to_string(settings.connect_timeout.count())},
      // A server host that vanished (rather than a server that stopped) is noticed in seconds,
      // not after the kernel's two hours. Probes only fail when the peer is gone, so long
      // queries are safe.
      {"keepalives_idle", "5"},
      {"keepalives_interval", "2"},
      {"keepalives_count", "3"},
      {"tcp_user_timeout", "10000"},  // ms that sent data may stay unacknowledged
  };
  std::string conninfo;
  std::string options;
  for (const PQconninfoOption* option = parsed.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    std::string_view keyword = option->keyword;
    if (keyword == "options") {
      options = option->val;
      continue;
    }
    if (auto overridden = defaults.find(keyword); overridden != defaults.end()) {
      defaults.erase(overridden);
    }
    append_setting(conninfo, keyword, option->val);
  }
  for (const auto& [keyword, value] : defaults) append_setting(conninfo, keyword, value);
  if (options.find("statement_timeout") == std::string::npos) {
    if (!options.empty()) options.push_back(' ');
    options += fmt::format("-c statement_timeout={}", settings.statement_timeout.count());
  }
  if (settings.generic_plans && options.find("plan_cache_mode") == std::string::npos) {
    options += " -c plan_cache_mode=force_generic_plan";
  }
  append_setting(conninfo, "options", options);
  return conninfo;
}

}  // namespace taskflow::pg
