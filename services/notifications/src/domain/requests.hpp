#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

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

// The access token a browser WebSocket offers as subprotocols, "Sec-WebSocket-Protocol:
// bearer, <token>" (browsers cannot set Authorization); nullopt when the header is not that.
std::optional<std::string> token_from_subprotocols(std::string_view header);

}  // namespace taskflow::notifications
