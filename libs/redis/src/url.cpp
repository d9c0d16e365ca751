#include "taskflow/redis/url.hpp"

#include "taskflow/core/config.hpp"
#include "taskflow/core/service_url.hpp"

namespace taskflow::redis {
namespace {

constexpr UrlSyntax kSyntax{.variable = "REDIS_URL",
                            .scheme = "redis://",
                            .expected = "redis://[:password@]host[:port][/database]"};

}  // namespace

Endpoint parse_url(std::string_view url) {
  const auto parsed = parse_service_url(url, kSyntax);
  Endpoint endpoint;
  endpoint.host = parsed.host;
  if (parsed.port) endpoint.port = *parsed.port;
  if (parsed.path && !parsed.path->empty()) {
    auto number = parse_integer(*parsed.path, 0, 65535);
    if (!number) reject_url(kSyntax, "has a database that is not a number");
    endpoint.database = static_cast<int>(*number);
  }
  if (parsed.credentials) {
    auto colon = parsed.credentials->find(':');
    if (colon == std::string_view::npos) {
      // redis://password@host, as redis-cli reads it.
      endpoint.password = decode_url_part(*parsed.credentials, "password", kSyntax);
    } else {
      endpoint.username = decode_url_part(parsed.credentials->substr(0, colon), "user", kSyntax);
      endpoint.password =
          decode_url_part(parsed.credentials->substr(colon + 1), "password", kSyntax);
    }
  }
  return endpoint;
}

}  // namespace taskflow::redis
