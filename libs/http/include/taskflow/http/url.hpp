#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace taskflow::http {

// A request target split into its decoded path and query parameters, in order.
struct Target {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;

  // The first value of a query parameter.
  std::optional<std::string_view> query_value(std::string_view name) const;
};

std::optional<Target> parse_target(std::string_view target);

// http://host:port/path, as used to reach other services.
struct HttpUrl {
  std::string host;
  std::string port;
  std::string target;
};
std::optional<HttpUrl> parse_http_url(std::string_view url);

}  // namespace taskflow::http
