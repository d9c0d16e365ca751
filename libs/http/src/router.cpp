#include "taskflow/http/router.hpp"

#include <algorithm>
#include <limits>

namespace taskflow::http {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    auto end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) segments.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

void Router::add(Verb method, std::string pattern, Handler handler, RouteOptions options) {
  auto segments = split_path(pattern);
  routes_.push_back(
      Route{method, std::move(pattern), std::move(handler), options, std::move(segments)});
}

Router::Match Router::match(Verb method, std::string_view path) const {
  // A doubled slash ("/api//auth") is a different path, not an alias.
  if (path.find("//") != std::string_view::npos) return {};
  auto segments = split_path(path);

  // The routes whose pattern fits the path, keeping only the most literal ones: a literal
  // segment beats a parameter, so "/tasks/stats/" is never taken for "/tasks/{id}/", whatever
  // the method ("DELETE /tasks/stats/" is 405, not a task named "stats").
  std::vector<std::pair<const Route*, std::vector<std::pair<std::string, std::string>>>> fits;
  std::size_t fewest_params = std::numeric_limits<std::size_t>::max();
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool same_shape = true;
    for (std::size_t i = 0; i < segments.size() && same_shape; ++i) {
      const auto& expected = route.segments[i];
      if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
        params.emplace_back(expected.substr(1, expected.size() - 2), segments[i]);
      } else {
        same_shape = expected == segments[i];
      }
    }
    if (!same_shape || params.size() > fewest_params) continue;
    if (params.size() < fewest_params) {
      fewest_params = params.size();
      fits.clear();
    }
    fits.emplace_back(&route, std::move(params));
  }

  Match result;
  std::vector<std::string> allowed;
  for (auto& [route, params] : fits) {
    if (route->method == method) {
      result.kind = Match::Kind::found;
      result.route = route;
      result.params = std::move(params);
      return result;
    }
    allowed.emplace_back(beast_http::to_string(route->method));
  }
  if (!allowed.empty()) {
    result.kind = Match::Kind::method_not_allowed;
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    for (const auto& verb : allowed) {
      if (!result.allowed.empty()) result.allowed += ", ";
      result.allowed += verb;
    }
  }
  return result;
}

}  // namespace taskflow::http
