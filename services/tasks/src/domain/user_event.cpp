#include "domain/user_event.hpp"

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

namespace taskflow::tasks {
namespace {

constexpr std::size_t kMaxEventIdLength = 128;

std::optional<std::int64_t> positive_integer(const nlohmann::json& object, const char* key) {
  auto value = object.find(key);
  if (value == object.end() || !value->is_number_integer()) return std::nullopt;
  if (value->is_number_unsigned() && value->get<std::uint64_t>() > INT64_MAX) return std::nullopt;
  auto number = value->get<std::int64_t>();
  if (number <= 0) return std::nullopt;
  return number;
}

// The member as a string: nullopt when absent or not a string.
std::optional<std::string> string_member(const nlohmann::json& object, const char* key) {
  auto value = object.find(key);
  if (value == object.end() || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

// A name: "" when absent, nullopt when not a string.
std::optional<std::string> name_member(const nlohmann::json& object, const char* key) {
  if (!object.contains(key)) return "";
  return string_member(object, key);
}

}  // namespace

std::variant<UserEvent, InvalidUserEvent> parse_user_event(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return InvalidUserEvent{"not a JSON object"};

  auto id = string_member(json, "id");
  if (!id || id->empty() || id->size() > kMaxEventIdLength) return InvalidUserEvent{"no event id"};
  auto type = string_member(json, "type");
  auto kind = type ? events::parse_event_type(*type) : std::nullopt;
  if (kind != events::EventType::user_registered && kind != events::EventType::user_updated) {
    return InvalidUserEvent{"not a user event"};
  }
  auto occurred_at_text = string_member(json, "occurred_at");
  auto occurred_at = occurred_at_text ? parse_timestamp(*occurred_at_text) : std::nullopt;
  if (!occurred_at) return InvalidUserEvent{"no occurred_at timestamp"};
  auto user_id = positive_integer(json, "user_id");
  if (!user_id) return InvalidUserEvent{"no user id"};

  auto data = json.find("data");
  if (data == json.end() || !data->is_object()) return InvalidUserEvent{"no user data"};
  if (positive_integer(*data, "id") != user_id) return InvalidUserEvent{"data.id is not user_id"};
  auto username = string_member(*data, "username");
  if (!username || username->empty()) return InvalidUserEvent{"no username"};
  auto email = string_member(*data, "email");
  if (!email || email->empty()) return InvalidUserEvent{"no email"};
  auto first_name = name_member(*data, "first_name");
  auto last_name = name_member(*data, "last_name");
  if (!first_name || !last_name) return InvalidUserEvent{"a name is not a string"};

  return UserEvent{.id = std::move(*id),
                   .kind = *kind,
                   .occurred_at = *occurred_at,
                   .user_id = *user_id,
                   .username = std::move(*username),
                   .email = std::move(*email),
                   .first_name = std::move(*first_name),
                   .last_name = std::move(*last_name)};
}

}  // namespace taskflow::tasks
