#include "app/handlers.hpp"

#include "app/task_service.hpp"

namespace taskflow::tasks {

Awaitable<http::Response> answer_refusals(Awaitable<http::Response> handled) {
  try {
    co_return co_await std::move(handled);
  } catch (const Forbidden& refused) {
    throw http::HttpError(http::Status::forbidden, refused.what());
  } catch (const Conflict& conflict) {
    throw http::HttpError(http::Status::conflict, conflict.what());
  } catch (const UnknownProject& unknown) {
    http::throw_validation({{"project_id", {unknown.what()}}});
  }
}

}  // namespace taskflow::tasks
