#include "taskflow/amqp/url.hpp"

#include <fmt/format.h>

#include "taskflow/core/service_url.hpp"
#include "taskflow/text/percent.hpp"

namespace taskflow::amqp {
namespace {

constexpr UrlSyntax kSyntax{.variable = "AMQP_URL",
                            .scheme = "amqp://",
                            .expected = "amqp://user:password@host:port/vhost"};

}  // namespace

std::string Endpoint::redacted() const {
  auto shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return fmt::format("amqp://{}@{}:{}/{}", text::percent_encode(user, "-._~"), shown_host, port,
                     text::percent_encode(vhost, "-._~"));
}

Endpoint parse_url(std::string_view url) {
  if (url.starts_with("amqps://")) reject_url(kSyntax, "uses amqps://, which is not supported yet");
  if (url.find_first_of("?#") != std::string_view::npos) {
    reject_url(kSyntax, "has query parameters or a fragment, which are not supported");
  }
  const auto parsed = parse_service_url(url, kSyntax);
  Endpoint endpoint;
  endpoint.host = parsed.host;
  if (parsed.port) endpoint.port = *parsed.port;
  if (parsed.path) {
    if (parsed.path->find('/') != std::string_view::npos) {
      reject_url(kSyntax, "has a '/' in its vhost: write %2f");
    }
    if (!parsed.path->empty()) endpoint.vhost = decode_url_part(*parsed.path, "vhost", kSyntax);
  }
  if (parsed.credentials) {
    auto colon = parsed.credentials->find(':');
    endpoint.user = decode_url_part(parsed.credentials->substr(0, colon), "user", kSyntax);
    endpoint.password =
        colon == std::string_view::npos
            ? ""
            : decode_url_part(parsed.credentials->substr(colon + 1), "password", kSyntax);
    if (endpoint.user.empty()) reject_url(kSyntax, "has an empty user");
  }
  return endpoint;
}

}  // namespace taskflow::amqp
