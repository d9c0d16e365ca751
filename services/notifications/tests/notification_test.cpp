#include <gtest/gtest.h>

#include "domain/notification.hpp"

using namespace taskflow::notifications;
using namespace std::chrono;

namespace {

TaskEvent event_of(EventType kind) {
  return {.id = "e-9", .kind = kind, .user_id = 7, .task_id = 42, .task_title = "Ship it"};
}

}  // namespace

TEST(Templates, AreTheOriginalOnes) {
  struct Expected {
    EventType kind;
    const char* title;
    const char* message;
    const char* type;
  };
  const Expected expected[] = {
      {EventType::task_created, "New Task Created", "A new task \"Ship it\" has been created.",
       "info"},
      {EventType::task_updated, "Task Updated", "Task \"Ship it\" has been updated.", "info"},
      {EventType::task_completed, "Task Completed", "Task \"Ship it\" has been completed!",
       "success"},
      {EventType::task_due_soon, "Task Due Soon", "Task \"Ship it\" is due soon.", "warning"},
      {EventType::task_overdue, "Task Overdue", "Task \"Ship it\" is overdue.", "error"},
      {EventType::comment_added, "New Comment", "A new comment was added to task \"Ship it\".",
       "info"},
  };
  for (const auto& want : expected) {
    auto made = make_notification(event_of(want.kind), system_clock::now());
    EXPECT_EQ(made.title, want.title);
    EXPECT_EQ(made.message, want.message);
    EXPECT_EQ(made.type, want.type);
    EXPECT_EQ(made.event_type, event_type_name(want.kind));
    EXPECT_EQ(made.id, "e-9");
    EXPECT_EQ(made.task_id, 42);
  }
}

TEST(Templates, TitlesWithBracesAreCopiedVerbatim) {
  auto event = event_of(EventType::task_created);
  event.task_title = "{} {0} {:>10}";
  auto made = make_notification(event, system_clock::now());
  EXPECT_EQ(made.message, "A new task \"{} {0} {:>10}\" has been created.");
}

TEST(NotificationJson, HasApiFieldsOnly) {
  auto at = sys_days(year(2026) / 11 / 29) + hours(10);
  auto json = to_json(make_notification(event_of(EventType::task_completed), at), true);
  EXPECT_EQ(json.size(), 9u);
  EXPECT_EQ(json["created_at"], "2026-11-29T10:00:00Z");
  EXPECT_EQ(json["read"], true);
  EXPECT_EQ(json["task_id"], 42);
  EXPECT_EQ(json["event_type"], "task_completed");
  EXPECT_TRUE(json["actor_id"].is_null());
}

TEST(NotificationJson, NamesTheActorOfATeamsEvent) {
  auto event = event_of(EventType::task_updated);
  event.audience = Audience{.actor_id = 8, .personal = true, .member_ids = {7}};
  EXPECT_EQ(to_json(make_notification(event, system_clock::now()), false)["actor_id"], 8);
}

TEST(NotificationJson, IsCreatedWhenTheEventHappened) {
  auto event = event_of(EventType::task_created);
  event.occurred_at = sys_days(year(2026) / 11 / 29) + hours(9);
  auto made = make_notification(event, sys_days(year(2026) / 11 / 29) + hours(10));
  EXPECT_EQ(made.created_at, "2026-11-29T09:00:00Z");
}

TEST(FormatUtc, AddsMicrosecondsOnlyWhenThereAreSome) {
  auto at = sys_days(year(2026) / 1 / 2) + hours(3) + minutes(4) + seconds(5);
  EXPECT_EQ(format_utc(at), "2026-01-02T03:04:05Z");
  EXPECT_EQ(format_utc(at + microseconds(120)), "2026-01-02T03:04:05.000120Z");
}

TEST(UnreadCountFrame, IsTypedJson) {
  EXPECT_EQ(unread_count_frame(3), R"({"type":"unread_count","unread_count":3})");
}
