#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "domain/timestamps.hpp"
#include "taskflow/events/catalogue.hpp"

// The user events (user.registered, user.updated) the auth service publishes, as the tasks
// service reads them to keep its user directory.
namespace taskflow::tasks {

struct UserEvent {
  std::string id;  // the event id
  events::EventType kind;
  Timestamp occurred_at;  // orders a user's events: an older one never overwrites a newer
  std::int64_t user_id;
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
};

// A message that can never be applied, and why.
struct InvalidUserEvent {
  std::string reason;
};

// Reads {"id", "type": "user_registered"|"user_updated", "occurred_at", "user_id",
// "data": {"id" (= user_id), "username", "email", "first_name", "last_name"}}: an id, a
// timestamp, a positive user id and a non-empty username and email are required; names may be
// empty or absent.
std::variant<UserEvent, InvalidUserEvent> parse_user_event(std::string_view body);

}  // namespace taskflow::tasks
