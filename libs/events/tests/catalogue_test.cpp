#include "taskflow/events/catalogue.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace taskflow::events {
namespace {

TEST(Catalogue, MatchesTheJsonFileTheTestsRead) {
  std::ifstream file(TASKFLOW_EVENT_CATALOGUE);
  ASSERT_TRUE(file) << TASKFLOW_EVENT_CATALOGUE;
  const auto json = nlohmann::json::parse(file);
  EXPECT_EQ(json.at("exchange").get<std::string>(), kExchange);
  const auto& events = json.at("events");
  ASSERT_EQ(events.size(), catalogue().size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& event = catalogue()[i];
    EXPECT_EQ(events[i].at("type").get<std::string>(), event.name);
    EXPECT_EQ(events[i].at("routing_key").get<std::string>(), event.routing_key);
    const auto& notification = events[i].at("notification");
    ASSERT_EQ(notification.is_null(), !event.notification.has_value()) << event.name;
    if (event.notification) {
      EXPECT_EQ(notification.at("title").get<std::string>(), event.notification->title);
      EXPECT_EQ(notification.at("message").get<std::string>(), event.notification->message);
      EXPECT_EQ(notification.at("level").get<std::string>(), event.notification->level);
    }
  }
}

TEST(Catalogue, NamesAndRoutingKeysAreUniqueAndTopical) {
  std::set<std::string_view> names;
  std::set<std::string_view> keys;
  for (const auto& event : catalogue()) {
    EXPECT_TRUE(names.insert(event.name).second) << event.name;
    EXPECT_TRUE(keys.insert(event.routing_key).second) << event.routing_key;
    EXPECT_TRUE(event.routing_key.starts_with("task.") || event.routing_key.starts_with("user."))
        << event.routing_key;
    // The notifications queue binds task.#: an event that notifies must be a task event.
    if (event.notification) {
      EXPECT_TRUE(event.routing_key.starts_with("task.")) << event.name;
      EXPECT_NE(event.notification->message.find("{title}"), std::string_view::npos) << event.name;
    }
  }
}

TEST(Catalogue, LooksEventsUpByTypeAndName) {
  EXPECT_EQ(event_type_name(EventType::comment_added), "comment_added");
  EXPECT_EQ(routing_key_for(EventType::comment_added), "task.comment_added");
  EXPECT_EQ(parse_event_type("task_overdue"), EventType::task_overdue);
  EXPECT_FALSE(parse_event_type("task.overdue"));
  EXPECT_FALSE(parse_event_type(""));
  EXPECT_FALSE(spec(EventType::task_deleted).notification);
  EXPECT_EQ(routing_key_for(EventType::user_registered), "user.registered");
  EXPECT_FALSE(spec(EventType::user_updated).notification);
}

TEST(RenderMessage, PutsTheTitleInPlaceOfThePlaceholder) {
  const auto& completed = *spec(EventType::task_completed).notification;
  EXPECT_EQ(render_message(completed, "Ship {it}"), "Task \"Ship {it}\" has been completed!");
  const auto& mentioned = *spec(EventType::mentioned).notification;
  EXPECT_EQ(render_message(mentioned, "Ship {actor}", "ana"),
            "ana mentioned you on task \"Ship {actor}\".");
}

// Found by libs/events/fuzz/catalogue_fuzz.cpp: the actor's name was substituted first, so a
// "{title}" in it took the title and the template's own "{title}" stayed in the message.
TEST(RenderMessage, KeepsPlaceholdersInTheActorsNameAsWritten) {
  const auto& mentioned = *spec(EventType::mentioned).notification;
  EXPECT_EQ(render_message(mentioned, "Ship it", "{title}"),
            "{title} mentioned you on task \"Ship it\".");
  EXPECT_EQ(render_message(mentioned, "{title}", "{actor}"),
            "{actor} mentioned you on task \"{title}\".");
}

}  // namespace
}  // namespace taskflow::events
