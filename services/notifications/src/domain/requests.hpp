#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/live_message.hpp"
#include "taskflow/validation/validated.hpp"

// The REST endpoints' input rules (docs/openapi.yaml, notifications), as plain functions.
namespace taskflow::notifications {

using validation::FieldErrors;
using validation::Validated;

inline constexpr std::size_t kDefaultLimit = 20;
inline constexpr std::size_t kMaxLimit = 100;
inline constexpr std::size_t kMaxMarkReadIds = 1000;
inline constexpr std::size_t kMaxIdLength = 128;

struct PageRequest {
  std::size_t limit = kDefaultLimit;
  std::size_t offset = 0;
};

// ?limit= (1-100, default 20) and ?offset= (0 or more, default 0).
Validated<PageRequest> parse_page(std::optional<std::string_view> limit,
                                  std::optional<std::string_view> offset);

// {"ids": ["...", ...]} (1-1000 non-empty strings) or {"all": true}.
struct MarkReadRequest {
  bool all = false;
  std::vector<std::string> ids;
};
Validated<MarkReadRequest> parse_mark_read(const nlohmann::json& body);

// The WebSocket's ?since=: the last live message's "seq" the client saw, to resume after it
// (nullopt when absent or empty: a new socket).
Validated<std::optional<StreamId>> parse_resume_position(std::optional<std::string_view> since);

// The access token a browser WebSocket offers as subprotocols, "Sec-WebSocket-Protocol:
// bearer, <token>" (browsers cannot set Authorization); nullopt when the header is not that.
std::optional<std::string> token_from_subprotocols(std::string_view header);

// Whether a WebSocket handshake may come from `origin` (its Origin header): none (not a
// browser), the gateway's own origin (scheme://host[:port] whose host and port are the
// request's Host, compared without case), or exactly one of `allowed` (cross-origin front ends
// the deployment names). Browsers always send Origin on a WebSocket handshake, so a page on
// another site cannot open one with a token it holds; "null" (a sandboxed or file page) is
// refused unless allowed.
bool websocket_origin_allowed(std::optional<std::string_view> origin, std::string_view host,
                              const std::vector<std::string>& allowed);

// WS_ALLOWED_ORIGINS: comma-separated origins, spaces and a trailing "/" dropped; empty pieces
// are ignored.
std::vector<std::string> parse_origin_list(std::string_view list);

}  // namespace taskflow::notifications
