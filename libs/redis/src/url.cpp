#include "taskflow/redis/url.hpp"

#include <fmt/format.h>

#include "taskflow/core/config.hpp"

namespace taskflow::redis {
namespace {

constexpr std::string_view kScheme = "redis://";
constexpr std::string_view kExpected = "redis://[:password@]host[:port][/database]";

[[noreturn]] void reject(std::string_view why) {
  throw ConfigError(fmt::format("config: REDIS_URL {} (expected {})", why, kExpected));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view text) {
  std::string result;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      result.push_back(text[i]);
      continue;
    }
    int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
    int low = high >= 0 ? hex_value(text[i + 2]) : -1;
    if (low < 0) reject("has a bad percent-escape in its user or password");
    result.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return result;
}

}  // namespace

Endpoint parse_url(std::string_view url) {
  if (!url.starts_with(kScheme)) reject("must start with redis://");
  auto rest = url.substr(kScheme.size());
  Endpoint endpoint;

  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    auto database = rest.substr(slash + 1);
    if (!database.empty()) {
      auto number = parse_integer(database, 0, 65535);
      if (!number) reject("has a database that is not a number");
      endpoint.database = static_cast<int>(*number);
    }
  }

  // The password may contain '@' only percent-encoded, so the last '@' ends the credentials.
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    auto credentials = authority.substr(0, at);
    authority = authority.substr(at + 1);
    auto colon = credentials.find(':');
    if (colon == std::string_view::npos) {
      endpoint.password = percent_decoded(credentials);  // redis://password@host, as redis-cli
    } else {
      endpoint.username = percent_decoded(credentials.substr(0, colon));
      endpoint.password = percent_decoded(credentials.substr(colon + 1));
    }
  }

  std::string_view port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) reject("has an unclosed '[' in its host");
    endpoint.host = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) reject("has junk after its IPv6 host");
    if (!after.empty()) port = after.substr(1);
  } else if (auto colon = authority.find(':'); colon != std::string_view::npos) {
    endpoint.host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  } else if (!authority.empty()) {
    endpoint.host = authority;
  }
  if (endpoint.host.empty()) reject("has no host");
  if (!port.empty() || authority.ends_with(':')) {
    auto number = parse_integer(port, 1, 65535);
    if (!number) reject("has a port that is not a number from 1 to 65535");
    endpoint.port = static_cast<int>(*number);
  }
  return endpoint;
}

}  // namespace taskflow::redis
