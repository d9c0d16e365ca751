#include "domain/user_event.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace taskflow::tasks {
namespace {

nlohmann::json message(std::string_view type = "user_registered") {
  auto body = nlohmann::json::parse(R"({
    "id": "8b3c1f9e-2a4d-4c1b-9f1e-0d2c3b4a5e6f", "occurred_at": "2026-11-29T10:00:00.000123Z",
    "user_id": 7, "data": {"id": 7, "username": "ada", "email": "Ada@Example.com",
                           "first_name": "Ada", "last_name": "Lovelace"}})");
  body["type"] = type;
  return body;
}

std::string reason(const nlohmann::json& body) {
  auto parsed = parse_user_event(body.dump());
  EXPECT_TRUE(std::holds_alternative<InvalidUserEvent>(parsed)) << body;
  return std::holds_alternative<InvalidUserEvent>(parsed)
             ? std::get<InvalidUserEvent>(parsed).reason
             : "";
}

TEST(ParseUserEvent, ReadsBothUserEvents) {
  for (auto type : {"user_registered", "user_updated"}) {
    auto parsed = parse_user_event(message(type).dump());
    ASSERT_TRUE(std::holds_alternative<UserEvent>(parsed)) << type;
    const auto& event = std::get<UserEvent>(parsed);
    EXPECT_EQ(event.id, "8b3c1f9e-2a4d-4c1b-9f1e-0d2c3b4a5e6f");
    EXPECT_EQ(events::event_type_name(event.kind), type);
    EXPECT_EQ(format_timestamp(event.occurred_at), "2026-11-29T10:00:00.000123Z");
    EXPECT_EQ(event.user_id, 7);
    EXPECT_EQ(event.username, "ada");
    EXPECT_EQ(event.email, "Ada@Example.com");
    EXPECT_EQ(event.first_name, "Ada");
    EXPECT_EQ(event.last_name, "Lovelace");
  }
}

TEST(ParseUserEvent, NamesMayBeEmptyOrAbsent) {
  auto body = message();
  body["data"]["first_name"] = "";
  body["data"].erase("last_name");
  auto event = std::get<UserEvent>(parse_user_event(body.dump()));
  EXPECT_EQ(event.first_name, "");
  EXPECT_EQ(event.last_name, "");
}

TEST(ParseUserEvent, SaysWhyAMessageCannotBeApplied) {
  EXPECT_EQ(reason("not json"), "not a JSON object");
  EXPECT_EQ(reason(nlohmann::json::array()), "not a JSON object");
  auto with = [](const char* key, nlohmann::json value) {
    auto body = message();
    body[key] = std::move(value);
    return body;
  };
  auto with_data = [](const char* key, nlohmann::json value) {
    auto body = message();
    body["data"][key] = std::move(value);
    return body;
  };
  EXPECT_EQ(reason(with("id", "")), "no event id");
  EXPECT_EQ(reason(with("id", 5)), "no event id");
  EXPECT_EQ(reason(with("id", std::string(129, 'e'))), "no event id");
  EXPECT_EQ(reason(message("task_created")), "not a user event");
  EXPECT_EQ(reason(message("user.registered")), "not a user event");
  EXPECT_EQ(reason(with("occurred_at", "yesterday")), "no occurred_at timestamp");
  EXPECT_EQ(reason(with("occurred_at", nullptr)), "no occurred_at timestamp");
  EXPECT_EQ(reason(with("user_id", 0)), "no user id");
  EXPECT_EQ(reason(with("user_id", "7")), "no user id");
  EXPECT_EQ(reason(with("user_id", 18446744073709551615ULL)), "no user id");
  EXPECT_EQ(reason(with("data", "ada")), "no user data");
  EXPECT_EQ(reason(with_data("id", 8)), "data.id is not user_id");
  EXPECT_EQ(reason(with_data("username", "")), "no username");
  EXPECT_EQ(reason(with_data("username", nullptr)), "no username");
  EXPECT_EQ(reason(with_data("email", "")), "no email");
  EXPECT_EQ(reason(with_data("last_name", nullptr)), "a name is not a string");
}

}  // namespace
}  // namespace taskflow::tasks
