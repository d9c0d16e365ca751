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

// `message` with each double-quoted text of more than one character replaced by "...": libpq's
// own ("=") stay, a part of the caller's URL goes.
std::string without_quoted_text(std::string_view message) {
  std::string result;
  std::size_t from = 0;
  while (from < message.size()) {
    auto open = message.find('"', from);
    auto close = open == std::string_view::npos ? open : message.find('"', open + 1);
    if (close == std::string_view::npos) {
      result.append(message.substr(from));
      break;
    }
    result.append(message.substr(from, open + 1 - from));
    result.append(close - open - 1 > 1 ? "..." : message.substr(open + 1, close - open - 1));
    result.push_back('"');
    from = close + 1;
  }
  return result;
}

}  // namespace

std::string build_conninfo(std::string_view database_url, const ConnectionSettings& settings) {
  char* raw_error = nullptr;
  ConninfoOptions parsed(PQconninfoParse(std::string(database_url).c_str(), &raw_error));
  std::unique_ptr<char, LibpqStringDeleter> error(raw_error);
  if (!parsed) {
    // libpq quotes what it could not read, the whole URL or the part up to a space: either may
    // hold the password, so nothing it quotes is repeated.
    std::string reason = without_quoted_text(error ? error.get() : "out of memory");
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
