#include "taskflow/amqp/url.hpp"

#include <fmt/format.h>

#include "taskflow/core/config.hpp"

namespace taskflow::amqp {
namespace {

constexpr std::string_view kScheme = "amqp://";
constexpr std::string_view kExpected = "amqp://user:password@host:port/vhost";

[[noreturn]] void reject(std::string_view why) {
  throw ConfigError(fmt::format("config: AMQP_URL {} (expected {})", why, kExpected));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view text, std::string_view part) {
  std::string result;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      result.push_back(text[i]);
      continue;
    }
    int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
    int low = high >= 0 ? hex_value(text[i + 2]) : -1;
    if (low < 0) reject(fmt::format("has a bad percent-escape in its {}", part));
    result.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  // rabbitmq-c takes C strings: a NUL would silently cut the value short.
  if (result.find('\0') != std::string::npos) reject(fmt::format("has a NUL in its {}", part));
  return result;
}

std::string percent_encoded(std::string_view text) {
  std::string result;
  for (char c : text) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      result.push_back(c);
    } else {
      result += fmt::format("%{:02x}", static_cast<unsigned char>(c));
    }
  }
  return result;
}

}  // namespace

std::string Endpoint::redacted() const {
  auto shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return fmt::format("amqp://{}@{}:{}/{}", percent_encoded(user), shown_host, port,
                     percent_encoded(vhost));
}

Endpoint parse_url(std::string_view url) {
  if (url.starts_with("amqps://")) reject("uses amqps://, which is not supported yet");
  if (!url.starts_with(kScheme)) reject("must start with amqp://");
  auto rest = url.substr(kScheme.size());
  if (rest.find_first_of("?#") != std::string_view::npos) {
    reject("has query parameters or a fragment, which are not supported");
  }
  Endpoint endpoint;

  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    auto vhost = rest.substr(slash + 1);
    if (vhost.find('/') != std::string_view::npos) reject("has a '/' in its vhost: write %2f");
    if (!vhost.empty()) endpoint.vhost = percent_decoded(vhost, "vhost");
  }

  // The password may contain '@' only percent-encoded, so the last '@' ends the credentials.
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    auto credentials = authority.substr(0, at);
    authority = authority.substr(at + 1);
    auto colon = credentials.find(':');
    endpoint.user = percent_decoded(credentials.substr(0, colon), "user");
    endpoint.password = colon == std::string_view::npos
                            ? ""
                            : percent_decoded(credentials.substr(colon + 1), "password");
    if (endpoint.user.empty()) reject("has an empty user");
  }

  std::string_view port;
  bool has_port = false;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) reject("has an unclosed '[' in its host");
    endpoint.host = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) reject("has junk after its IPv6 host");
    has_port = !after.empty();
    if (has_port) port = after.substr(1);
  } else if (auto colon = authority.find(':'); colon != std::string_view::npos) {
    endpoint.host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    has_port = true;
  } else {
    endpoint.host = authority;
  }
  if (endpoint.host.empty()) reject("has no host");
  if (has_port) {
    auto number = parse_integer(port, 1, 65535);
    if (!number) reject("has a port that is not a number from 1 to 65535");
    endpoint.port = static_cast<int>(*number);
  }
  return endpoint;
}

}  // namespace taskflow::amqp
