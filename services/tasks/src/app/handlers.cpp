#include "app/handlers.hpp"

#include "app/pagination.hpp"

#include "app/task_service.hpp"

namespace taskflow::tasks {

http::HttpError invalid_page() {
  return http::HttpError(http::Status::not_found, "Invalid page.");
}

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

http::Response page_response(const http::Context& ctx, const PageRequest& page, std::int64_t count,
                             std::string_view results) {
  auto proto = ctx.request["X-Forwarded-Proto"];
  auto host = ctx.request[http::beast_http::field::host];
  const auto base_url =
      std::string(proto.empty() ? "http" : proto) + "://" + std::string(host) + ctx.target.path;
  return http::json_text_response(http::Status::ok,
                                  page_json(base_url, ctx.target.query, page, count, results));
}

}  // namespace taskflow::tasks

namespace taskflow::tasks {

Awaitable<http::Response> answer_refusals(Awaitable<http::Response> handled) {
  try {
    co_return co_await std::move(handled);
  } catch (const Forbidden& refused) {
    throw http::HttpError(http::Status::forbidden, refused.what());
  } catch (const Conflict& conflict) {
    throw http::HttpError(http::Status::conflict, conflict.what());
  } catch (const InvalidField& invalid) {
    http::throw_validation({{invalid.field, {invalid.what()}}});
  }
}

}  // namespace taskflow::tasks
