#include "domain/live_message.hpp"

#include <nlohmann/json.hpp>

#include "domain/notification.hpp"

namespace taskflow::notifications {

std::optional<LiveMessage> parse_live_message(std::string_view payload) {
  auto json = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  auto user = json.find("user_id");
  auto unread = json.find("unread_count");
  if (user == json.end() || !user->is_number_integer() || unread == json.end() ||
      !unread->is_number_integer()) {
    return std::nullopt;
  }
  LiveMessage message{.user_id = user->get<std::int64_t>(),
                      .unread_count = unread->get<std::int64_t>(),
                      .notification = std::nullopt};
  if (auto notification = json.find("notification"); notification != json.end()) {
    if (!notification->is_object()) return std::nullopt;
    message.notification = notification->dump();
  }
  return message;
}

std::vector<std::string> frames_for(const LiveMessage& message) {
  std::vector<std::string> frames;
  if (message.notification) frames.push_back(*message.notification);
  frames.push_back(unread_count_frame(message.unread_count));
  return frames;
}

std::string live_change_payload(const LiveChange& change) {
  return nlohmann::json{{"user_ids", change.user_ids},
                        {"frame", nlohmann::json::parse(change.frame)}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<LiveChange> parse_live_change(std::string_view payload) {
  auto json = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  auto users = json.find("user_ids");
  auto frame = json.find("frame");
  if (users == json.end() || !users->is_array() || frame == json.end() || !frame->is_object()) {
    return std::nullopt;
  }
  LiveChange change;
  for (const auto& user : *users) {
    if (!user.is_number_integer()) return std::nullopt;
    change.user_ids.push_back(user.get<std::int64_t>());
  }
  change.frame = frame->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return change;
}

}  // namespace taskflow::notifications
