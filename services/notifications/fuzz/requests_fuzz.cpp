// The notifications API's input rules on any input. The first byte picks the function:
//   '0' parse_page: the first line is ?limit=, the second (if any) ?offset=;
//   '1' parse_mark_read: the rest is a JSON body;
//   '2' token_from_subprotocols: a Sec-WebSocket-Protocol header;
//   '3' websocket_origin_allowed: lines Origin, Host, then WS_ALLOWED_ORIGINS;
//   '4' parse_origin_list.
// Nothing may throw; accepted input is within the documented limits.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/requests.hpp"
#include "taskflow/testing/fuzz.hpp"

namespace notifications = taskflow::notifications;
using taskflow::testing::fuzz_text;
using taskflow::testing::split_mode;

namespace {

// The first line of `text`, which loses it; nullopt when nothing is left.
std::optional<std::string_view> next_line(std::string_view& text, bool& any_left) {
  if (!any_left) return std::nullopt;
  const std::size_t newline = text.find('\n');
  const std::string_view line = text.substr(0, newline);
  any_left = newline != std::string_view::npos;
  text = any_left ? text.substr(newline + 1) : std::string_view{};
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, input] = split_mode(fuzz_text(data, size), 5);
  bool any_left = true;
  switch (mode) {
    case 0: {
      const auto limit = next_line(input, any_left);
      const auto offset = next_line(input, any_left);
      const auto page = notifications::parse_page(limit, offset);
      if (page.ok()) {
        TASKFLOW_FUZZ_CHECK(page.value().limit >= 1 &&
                            page.value().limit <= notifications::kMaxLimit);
      } else {
        TASKFLOW_FUZZ_CHECK(!page.errors().empty());
      }
      break;
    }
    case 1: {
      const auto body = nlohmann::json::parse(input, nullptr, false);
      if (body.is_discarded()) return 0;
      const auto request = notifications::parse_mark_read(body);
      if (request.ok()) {
        const auto& value = request.value();
        TASKFLOW_FUZZ_CHECK(value.all != !value.ids.empty());
        TASKFLOW_FUZZ_CHECK(value.ids.size() <= notifications::kMaxMarkReadIds);
        for (const auto& id : value.ids) {
          TASKFLOW_FUZZ_CHECK(!id.empty() && id.size() <= notifications::kMaxIdLength);
        }
      } else {
        TASKFLOW_FUZZ_CHECK(!request.errors().empty());
      }
      break;
    }
    case 2:
      if (const auto token = notifications::token_from_subprotocols(input)) {
        TASKFLOW_FUZZ_CHECK(!token->empty() && input.find(*token) != std::string_view::npos);
      }
      break;
    case 3: {
      const auto origin = next_line(input, any_left);
      const auto host = next_line(input, any_left).value_or("");
      const auto allowed = notifications::parse_origin_list(input);
      (void)notifications::websocket_origin_allowed(origin, host, allowed);
      // No Origin (not a browser), or one the deployment names, is always allowed.
      TASKFLOW_FUZZ_CHECK(notifications::websocket_origin_allowed(
          origin, host, {std::string(origin.value_or(""))}));
      break;
    }
    default:
      for (const auto& origin : notifications::parse_origin_list(input)) {
        TASKFLOW_FUZZ_CHECK(!origin.empty() && origin.find(',') == std::string::npos);
      }
      break;
  }
  return 0;
}
