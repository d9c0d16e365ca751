#pragma once
#include <optional>
#include <string>
#include <string_view>

// scheme://[credentials@]host[:port][/path]: the shape of the dependencies' URLs (AMQP_URL,
// REDIS_URL). Each library reads its own credentials and path; the split is shared.
namespace taskflow {

// Which setting is parsed, for error messages.
struct UrlSyntax {
  std::string_view variable;  // "REDIS_URL"
  std::string_view scheme;    // "redis://"
  std::string_view expected;  // the shape to show, e.g. "redis://[:password@]host[:port]"
};

struct ServiceUrl {
  std::optional<std::string_view> credentials;  // before the last '@', still percent-encoded
  std::string host;                             // an IPv6 host without its brackets
  std::optional<int> port;
  std::optional<std::string_view> path;  // after the first '/', still percent-encoded
};

// Throws ConfigError: "config: <variable> <why> (expected <expected>)".
[[noreturn]] void reject_url(const UrlSyntax& syntax, std::string_view why);

// Splits a URL of the syntax's scheme. Throws ConfigError for a wrong scheme, no host, an
// unclosed or trailing IPv6 bracket, or a port that is not 1-65535. Messages never quote the
// credentials.
ServiceUrl parse_service_url(std::string_view url, const UrlSyntax& syntax);

// A percent-decoded part of the URL (`part` names it in the error: "user", "password", ...).
// Throws ConfigError for a broken escape or a NUL, which the C clients would cut the value at.
std::string decode_url_part(std::string_view text, std::string_view part, const UrlSyntax& syntax);

}  // namespace taskflow
