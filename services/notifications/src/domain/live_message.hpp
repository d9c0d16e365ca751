#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What one instance tells all the others over Redis pub/sub: a user's new notification and/or
// unread count, to be pushed to that user's sockets wherever they are connected.
namespace taskflow::notifications {

struct LiveMessage {
  std::int64_t user_id = 0;
  std::int64_t unread_count = 0;
  std::optional<std::string> notification;  // the notification object as JSON text
};

// {"user_id": 7, "unread_count": 3[, "notification": {...}]}; nullopt when malformed.
std::optional<LiveMessage> parse_live_message(std::string_view payload);

// The frames a socket gets for it: the notification (if any), then the unread count.
std::vector<std::string> frames_for(const LiveMessage& message);

// A change to a project's task, for each member's sockets: {"user_ids": [...], "frame": {...}}.
struct LiveChange {
  std::vector<std::int64_t> user_ids;
  std::string frame;  // JSON text
};

std::string live_change_payload(const LiveChange& change);
// nullopt when malformed.
std::optional<LiveChange> parse_live_change(std::string_view payload);

}  // namespace taskflow::notifications
