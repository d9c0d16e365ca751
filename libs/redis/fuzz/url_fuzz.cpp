// REDIS_URL as the services read it (redis::parse_url, over core's parse_service_url and
// percent-decoding): any text yields an Endpoint or a ConfigError, nothing else; an Endpoint
// has a host, a port from 1 to 65535 and a database from 0 to 65535, and no NUL in its
// credentials; written out again, it parses to the same Endpoint. The error never quotes a
// password.
#include <cstddef>
#include <cstdint>
#include <string>

#include "taskflow/core/config.hpp"
#include "taskflow/redis/url.hpp"
#include "taskflow/testing/fuzz.hpp"
#include "taskflow/text/percent.hpp"

namespace redis = taskflow::redis;
using taskflow::testing::fuzz_text;

namespace {

std::optional<redis::Endpoint> parse(std::string_view url) {
  try {
    return redis::parse_url(url);
  } catch (const taskflow::ConfigError& e) {
    TASKFLOW_FUZZ_CHECK(std::string_view(e.what()).starts_with("config: REDIS_URL "));
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto endpoint = parse(fuzz_text(data, size));
  if (!endpoint) return 0;
  TASKFLOW_FUZZ_CHECK(!endpoint->host.empty());
  TASKFLOW_FUZZ_CHECK(endpoint->port >= 1 && endpoint->port <= 65535);
  TASKFLOW_FUZZ_CHECK(endpoint->database >= 0 && endpoint->database <= 65535);
  TASKFLOW_FUZZ_CHECK(endpoint->username.find('\0') == std::string::npos &&
                      endpoint->password.find('\0') == std::string::npos);

  // Hosts with '/', '@' or brackets cannot be written back unambiguously.
  const auto& host = endpoint->host;
  if (host.find_first_of("/@[]") != std::string::npos) return 0;
  const bool ipv6 = host.find(':') != std::string::npos;
  std::string url = "redis://";
  if (!endpoint->username.empty() || !endpoint->password.empty()) {
    url += taskflow::text::percent_encode(endpoint->username, "-._~") + ":" +
           taskflow::text::percent_encode(endpoint->password, "-._~") + "@";
  }
  url += (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(endpoint->port) + "/" +
         std::to_string(endpoint->database);
  const auto again = parse(url);
  TASKFLOW_FUZZ_CHECK(again && again->host == host && again->port == endpoint->port &&
                      again->database == endpoint->database &&
                      again->username == endpoint->username &&
                      again->password == endpoint->password);
  return 0;
}
