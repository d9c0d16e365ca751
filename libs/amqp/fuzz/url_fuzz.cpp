// AMQP_URL as the services read it (amqp::parse_url, over core's parse_service_url and
// percent-decoding): any text yields an Endpoint or a ConfigError, nothing else; an Endpoint has
// a host, a port from 1 to 65535, a vhost and, with credentials, a user; written out again, it
// parses to the same Endpoint; its redacted form has the user but no password.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "taskflow/amqp/url.hpp"
#include "taskflow/core/config.hpp"
#include "taskflow/testing/fuzz.hpp"
#include "taskflow/text/percent.hpp"

namespace amqp = taskflow::amqp;
using taskflow::testing::fuzz_text;

namespace {

std::optional<amqp::Endpoint> parse(std::string_view url) {
  try {
    return amqp::parse_url(url);
  } catch (const taskflow::ConfigError& e) {
    TASKFLOW_FUZZ_CHECK(std::string_view(e.what()).starts_with("config: AMQP_URL "));
    return std::nullopt;
  }
}

std::string encoded(std::string_view part) {
  return taskflow::text::percent_encode(part, "-._~");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto endpoint = parse(fuzz_text(data, size));
  if (!endpoint) return 0;
  TASKFLOW_FUZZ_CHECK(!endpoint->host.empty());
  TASKFLOW_FUZZ_CHECK(endpoint->port >= 1 && endpoint->port <= 65535);
  TASKFLOW_FUZZ_CHECK(!endpoint->vhost.empty() && !endpoint->user.empty());
  // For logs: the user, encoded (no ':' or '@' of its own), then the host: no password slot.
  const auto redacted = endpoint->redacted();
  const auto at = redacted.find('@');
  TASKFLOW_FUZZ_CHECK(redacted.starts_with("amqp://") && at != std::string::npos &&
                      redacted.substr(7, at - 7) == encoded(endpoint->user));

  // Hosts with '/', '@' or brackets cannot be written back unambiguously.
  const auto& host = endpoint->host;
  if (host.find_first_of("/@[]") != std::string::npos) return 0;
  const bool ipv6 = host.find(':') != std::string::npos;
  const auto url = "amqp://" + encoded(endpoint->user) + ":" + encoded(endpoint->password) + "@" +
                   (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(endpoint->port) + "/" +
                   encoded(endpoint->vhost);
  const auto again = parse(url);
  TASKFLOW_FUZZ_CHECK(again && again->host == host && again->port == endpoint->port &&
                      again->user == endpoint->user && again->password == endpoint->password &&
                      again->vhost == endpoint->vhost);
  return 0;
}
