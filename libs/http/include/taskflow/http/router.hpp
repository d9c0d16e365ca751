#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "taskflow/core/asio.hpp"
#include "taskflow/http/context.hpp"

namespace taskflow::http {

using Handler = std::function<Awaitable<Response>(Context&)>;

struct RouteOptions {
  bool authenticated = false;
  std::size_t body_limit = 1024 * 1024;
};

struct Route {
  Verb method;
  std::string pattern;  // e.g. "/api/tasks/{id}/comments/"
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;  // pattern split on '/', without the trailing slash
};

// Maps method + path to a handler. "{name}" in a pattern captures one path segment; a
// trailing slash is optional on both sides, so "/x/" and "/x" are the same route.
class Router {
 public:
  void add(Verb method, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    enum class Kind { found, not_found, method_not_allowed } kind = Kind::not_found;
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    std::string allowed;  // for 405: the Allow header
  };
  Match match(Verb method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace taskflow::http
