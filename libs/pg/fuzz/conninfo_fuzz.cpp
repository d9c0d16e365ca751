// DATABASE_URL as the services read it (pg::build_conninfo, over libpq's own parser): any text
// yields a conninfo or a ConfigError that quotes nothing of it (it may hold a password); a
// conninfo libpq parses, with the connection limits the settings ask for, and building from it
// again changes no setting.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <libpq-fe.h>

#include "taskflow/core/config.hpp"
#include "taskflow/pg/conninfo.hpp"
#include "taskflow/testing/fuzz.hpp"

namespace pg = taskflow::pg;
using taskflow::testing::fuzz_text;

namespace {

std::optional<std::string> build(std::string_view url) {
  try {
    return pg::build_conninfo(url, pg::ConnectionSettings{.generic_plans = true});
  } catch (const taskflow::ConfigError& e) {
    // libpq's reason follows, with nothing of the URL quoted: only its own one-character
    // quotes ("=") or "...".
    const std::string_view message = e.what();
    constexpr std::string_view kPrefix = "config: DATABASE_URL is not a valid PostgreSQL URL ";
    TASKFLOW_FUZZ_CHECK(message.starts_with(kPrefix));
    for (auto open = message.find('"'); open != std::string_view::npos;) {
      const auto close = message.find('"', open + 1);
      if (close == std::string_view::npos) break;
      const auto quoted = message.substr(open + 1, close - open - 1);
      TASKFLOW_FUZZ_CHECK(quoted.size() <= 1 || quoted == "...");
      open = message.find('"', close + 1);
    }
    return std::nullopt;
  }
}

// A conninfo's keywords and values, as libpq reads them.
std::map<std::string, std::string> options_of(const std::string& conninfo) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
  if (error) PQfreemem(error);
  TASKFLOW_FUZZ_CHECK(options != nullptr);
  std::map<std::string, std::string> values;
  for (auto* option = options.get(); option->keyword; ++option) {
    if (option->val) values[option->keyword] = option->val;
  }
  return values;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz_text(data, size);
  if (text.find('\0') != std::string_view::npos) return 0;  // (a C string to libpq)
  const auto conninfo = build(text);
  if (!conninfo) return 0;
  const auto options = options_of(*conninfo);
  TASKFLOW_FUZZ_CHECK(options.contains("connect_timeout") && options.contains("keepalives_idle") &&
                      options.contains("options"));
  // Built again from its own output: the same settings (in libpq's order rather than the URL's).
  const auto again = build(*conninfo);
  TASKFLOW_FUZZ_CHECK(again && options_of(*again) == options);
  return 0;
}
