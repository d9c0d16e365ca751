#pragma once
#include <string>
#include <string_view>

namespace taskflow::amqp {

struct Endpoint {
  std::string host;
  int port = 5672;
  std::string user = "guest";
  std::string password = "guest";
  std::string vhost = "/";

  // amqp://user@host:port/vhost with the vhost percent-encoded, for logs: never the password.
  std::string redacted() const;
};

// Parses amqp://[user[:password]@]host[:port][/vhost]; user, password and vhost may be
// percent-encoded ("%2f" is the vhost "/"), an IPv6 host goes in brackets. A missing or empty
// vhost means "/" (no broker has a vhost named ""). Throws ConfigError, never quoting the
// password, for anything else, including amqps:// and query parameters, which are not supported.
Endpoint parse_url(std::string_view url);

}  // namespace taskflow::amqp
