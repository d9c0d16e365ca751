#include "domain/events.hpp"

#include <gtest/gtest.h>

namespace taskflow::tasks {
namespace {

using namespace std::chrono_literals;

const Timestamp kNow{std::chrono::sys_days(std::chrono::year(2026) / 11 / 29)};

TEST(MakeEvent, BuildsTheApiEnvelope) {
  const nlohmann::json data = {{"id", 5}, {"title", "A"}};
  EXPECT_EQ(make_event(EventType::task_created, "8b3c1f9e-2a4d-4c1b-9f1e-0d2c3b4a5e6f", kNow + 10h,
                       7, data),
            nlohmann::json::parse(R"({
              "id": "8b3c1f9e-2a4d-4c1b-9f1e-0d2c3b4a5e6f", "type": "task_created",
              "occurred_at": "2026-11-29T10:00:00Z", "user_id": 7,
              "data": {"id": 5, "title": "A"}})"));
}

Task open_task() {
  return Task{.id = 1, .user_id = 7, .title = "A", .status = Status::in_progress};
}

TEST(EventForUpdate, CompletionReplacesTheUpdateEvent) {
  const Task before = open_task();
  const Task after = apply_changes(before, {.title = "B", .status = Status::done}, kNow);
  EXPECT_EQ(event_for_update(before, after), EventType::task_completed);
}

TEST(EventForUpdate, AnyOtherRealChangeIsAnUpdate) {
  const Task before = open_task();
  EXPECT_EQ(event_for_update(before, apply_changes(before, {.title = "B"}, kNow)),
            EventType::task_updated);
  EXPECT_EQ(event_for_update(before, apply_changes(before, {.status = Status::review}, kNow)),
            EventType::task_updated);
  const Task done = apply_changes(before, {.status = Status::done}, kNow);
  // Reopening, or editing a task that stays done, is an update, not a completion.
  EXPECT_EQ(event_for_update(done, apply_changes(done, {.status = Status::todo}, kNow)),
            EventType::task_updated);
  EXPECT_EQ(event_for_update(done, apply_changes(done, {.priority = Priority::high}, kNow)),
            EventType::task_updated);
}

TEST(EventForUpdate, NothingWhenNothingVisibleChanged) {
  const Task before = open_task();
  EXPECT_FALSE(event_for_update(before, apply_changes(before, {}, kNow + 1h)));
  EXPECT_FALSE(event_for_update(
      before, apply_changes(before, {.title = "A", .status = Status::in_progress}, kNow)));
}

}  // namespace
}  // namespace taskflow::tasks

namespace taskflow::tasks {
namespace {

TEST(MakeEvent, AddsTheAudienceOfATeamsEvent) {
  const Timestamp at{std::chrono::sys_days(std::chrono::year(2026) / 12 / 7)};
  const auto message = make_event(EventType::task_updated, "id-1", at, 7, {{"id", 3}},
                                  EventAudience{.actor_id = 8,
                                                .personal = false,
                                                .member_ids = {7, 8},
                                                .action = "moved",
                                                .quiet = true});
  EXPECT_EQ(message.at("audience"), nlohmann::json::parse(R"({
    "actor_id": 8, "personal": false, "member_ids": [7, 8], "action": "moved", "quiet": true,
    "assigned_ids": [], "mentioned_ids": [], "actor_name": ""})"));
  EXPECT_FALSE(
      make_event(EventType::task_updated, "id-2", at, 7, {{"id", 3}}).contains("audience"));
  EXPECT_TRUE(make_event(EventType::task_overdue, "id-3", at, 7, {{"id", 3}},
                         EventAudience{.member_ids = {7}})
                  .at("audience")
                  .at("actor_id")
                  .is_null());
}

TEST(NewlyAssigned, ListsOnlyWhoWasAdded) {
  Task before;
  before.assignee_ids = {1, 2};
  Task after;
  after.assignee_ids = {2, 3, 4};
  EXPECT_EQ(newly_assigned(before, after), (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(newly_assigned(after, before), std::vector<std::int64_t>{1});
  EXPECT_TRUE(newly_assigned(after, after).empty());
}

TEST(MentionedUsernames, FindsEachNameOnce) {
  EXPECT_EQ(mentioned_usernames("@Ana, can you and @bob.smith look? cc @ana."),
            (std::vector<std::string>{"ana", "bob.smith"}));
  EXPECT_EQ(mentioned_usernames("(@carol) @dave_2+x-y"),
            (std::vector<std::string>{"carol", "dave_2+x-y"}));
}

TEST(MentionedUsernames, IgnoresEmailsAndLoneSigns) {
  EXPECT_TRUE(mentioned_usernames("write to ana@example.com or @ or @.").empty());
  std::string many;
  for (int i = 0; i < 30; ++i) many += "@user" + std::to_string(i) + " ";
  EXPECT_EQ(mentioned_usernames(many).size(), kMaxMentions);
}

}  // namespace
}  // namespace taskflow::tasks
