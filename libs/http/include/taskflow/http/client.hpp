#pragma once
#include <chrono>
#include <string_view>

#include "taskflow/core/asio.hpp"
#include "taskflow/http/message.hpp"

namespace taskflow::http {

// One request to another service over a new connection, bounded by `timeout` from connect to
// the last byte. Throws DependencyUnavailable(dependency, ...) on any network failure or
// timeout; HTTP error statuses are returned, not thrown.
Awaitable<Response> fetch(std::string_view url, Verb method, std::string body,
                          std::chrono::milliseconds timeout, std::string_view dependency);

}  // namespace taskflow::http
