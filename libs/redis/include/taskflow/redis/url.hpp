#pragma once
#include <string>
#include <string_view>

namespace taskflow::redis {

struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  int database = 0;
  std::string username;  // Redis 6 ACL user; empty means AUTH with the password alone
  std::string password;  // empty means no AUTH
};

// Parses redis://[[user]:password@]host[:port][/database]; user and password may be
// percent-encoded, an IPv6 host goes in brackets. Throws ConfigError (never quoting the
// password) for anything else, including rediss://, which hiredis 0.14 cannot speak.
Endpoint parse_url(std::string_view url);

}  // namespace taskflow::redis
