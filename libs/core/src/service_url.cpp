#include "taskflow/core/service_url.hpp"

#include <fmt/format.h>

#include "taskflow/core/config.hpp"
#include "taskflow/text/percent.hpp"

namespace taskflow {

void reject_url(const UrlSyntax& syntax, std::string_view why) {
  throw ConfigError(
      fmt::format("config: {} {} (expected {})", syntax.variable, why, syntax.expected));
}

ServiceUrl parse_service_url(std::string_view url, const UrlSyntax& syntax) {
  if (!url.starts_with(syntax.scheme)) {
    reject_url(syntax, fmt::format("must start with {}", syntax.scheme));
  }
  auto rest = url.substr(syntax.scheme.size());
  ServiceUrl parsed;

  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) parsed.path = rest.substr(slash + 1);

  // A password may contain '@' only percent-encoded, so the last '@' ends the credentials.
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    parsed.credentials = authority.substr(0, at);
    authority = authority.substr(at + 1);
  }

  std::optional<std::string_view> port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) reject_url(syntax, "has an unclosed '[' in its host");
    parsed.host = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) {
      reject_url(syntax, "has junk after its IPv6 host");
    }
    if (!after.empty()) port = after.substr(1);
  } else if (auto colon = authority.find(':'); colon != std::string_view::npos) {
    parsed.host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  } else {
    parsed.host = authority;
  }
  if (parsed.host.empty()) reject_url(syntax, "has no host");
  if (port) {
    auto number = parse_integer(*port, 1, 65535);
    if (!number) reject_url(syntax, "has a port that is not a number from 1 to 65535");
    parsed.port = static_cast<int>(*number);
  }
  return parsed;
}

std::string decode_url_part(std::string_view text, std::string_view part, const UrlSyntax& syntax) {
  auto decoded = text::percent_decode(text);
  if (!decoded) reject_url(syntax, fmt::format("has a bad percent-escape in its {}", part));
  if (decoded->find('\0') != std::string::npos) {
    reject_url(syntax, fmt::format("has a NUL in its {}", part));
  }
  return std::move(*decoded);
}

}  // namespace taskflow
