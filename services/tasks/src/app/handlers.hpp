#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/access_policy.hpp"
#include "domain/list_query.hpp"
#include "domain/path_id.hpp"
#include "taskflow/core/asio.hpp"
#include "taskflow/http/context.hpp"
#include "taskflow/http/message.hpp"

// What the tasks and projects handlers (app/api.cpp, app/project_api.cpp) share.
namespace taskflow::tasks {

inline http::HttpError not_found() {
  return http::HttpError(http::Status::not_found, "Not found.");
}

// 404 for nullopt: "no such thing, or not the caller's".
template <class T>
T found_or_404(std::optional<T> found) {
  if (!found) throw not_found();
  return std::move(*found);
}

inline Caller caller_of(http::Context& ctx) {
  return Caller{.user_id = ctx.user().user_id};
}

// The path parameter as an id; anything but a positive decimal integer is 404.
inline std::int64_t path_id(const http::Context& ctx, std::string_view name) {
  auto id = parse_id(ctx.param(name));
  if (!id) throw not_found();
  return *id;
}

template <class Item, class ToJson>
nlohmann::json json_array(const std::vector<Item>& items, ToJson to_json) {
  auto array = nlohmann::json::array();
  for (const auto& item : items) array.push_back(to_json(item));
  return array;
}

// 404 {"detail": "Invalid page."}: a well-formed page number past the end.
http::HttpError invalid_page();

// As http::json_response writes bodies: invalid UTF-8 replaced, never an exception.
std::string json_text(const nlohmann::json& value);

// DRF's page object around `results` (a JSON array written as text), with absolute
// next/previous links to this request's path as the client sees it through the gateway.
http::Response page_response(const http::Context& ctx, const PageRequest& page, std::int64_t count,
                             std::string_view results);

// A handler's response, with the use cases' refusals answered: Forbidden as 403 with its
// detail, Conflict as 409 with its detail, InvalidField as 400 under its field.
Awaitable<http::Response> answer_refusals(Awaitable<http::Response> handled);

}  // namespace taskflow::tasks
