#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "taskflow/http/message.hpp"
#include "taskflow/http/url.hpp"

namespace taskflow::http {

struct WebSocketAccept;

// Everything a handler needs to know about one request.
class Context {
 public:
  Context(const Request& request, Target target, std::string request_id, std::string remote)
      : request(request),
        target(std::move(target)),
        request_id(std::move(request_id)),
        remote_address(std::move(remote)) {}

  const Request& request;
  Target target;
  std::string request_id;
  std::string remote_address;
  std::vector<std::pair<std::string, std::string>> path_params;
  std::optional<Principal> principal;
  // Set by accept_websocket(): the server then upgrades the connection instead of answering.
  std::shared_ptr<WebSocketAccept> websocket;

  std::string_view param(std::string_view name) const;
  std::optional<std::string_view> query(std::string_view name) const {
    return target.query_value(name);
  }
  // The authenticated caller; only valid on routes that require authentication.
  const Principal& user() const;
  // The request body as a JSON object (an empty body is an empty object). Throws HttpError 400
  // for malformed JSON or a body that is not an object, 415 for a non-JSON content type.
  nlohmann::json json_object() const;
};

// True when JSON text nests arrays/objects deeper than `limit`: checked before parsing so a
// hostile body cannot exhaust the stack of a recursive walk.
bool nesting_exceeds(std::string_view json_text, int limit);

}  // namespace taskflow::http
