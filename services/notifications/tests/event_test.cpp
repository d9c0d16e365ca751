#include <gtest/gtest.h>

#include "domain/event.hpp"

using namespace taskflow::notifications;

namespace {

std::string event(std::string_view type, std::string_view extra = "") {
  return std::string(R"({"id":"e-1","type":")") + std::string(type) +
         R"(","occurred_at":"2026-11-29T10:00:00Z","user_id":7,"data":{"id":42,)" +
         R"("title":"Write report","status":"todo")" + std::string(extra) + "}}";
}

}  // namespace

TEST(ParseMessage, ReadsEveryTypeThatMakesANotification) {
  for (auto type : {"task_created", "task_updated", "task_completed", "comment_added",
                    "task_due_soon", "task_overdue"}) {
    auto parsed = parse_message(event(type));
    ASSERT_TRUE(std::holds_alternative<TaskEvent>(parsed)) << type;
    const auto& task_event = std::get<TaskEvent>(parsed);
    EXPECT_EQ(task_event.id, "e-1");
    EXPECT_EQ(event_type_name(task_event.kind), type);
    EXPECT_EQ(task_event.user_id, 7);
    EXPECT_EQ(task_event.task_id, 42);
    EXPECT_EQ(task_event.task_title, "Write report");
  }
}

TEST(ParseMessage, CommentAddedKeepsTheTaskTitle) {
  auto parsed = parse_message(event("comment_added", R"(,"comment":{"id":3,"content":"hi"})"));
  ASSERT_TRUE(std::holds_alternative<TaskEvent>(parsed));
  EXPECT_EQ(std::get<TaskEvent>(parsed).task_title, "Write report");
}

TEST(ParseMessage, TaskDeletedIsWellFormedButSilent) {
  auto parsed = parse_message(event("task_deleted"));
  ASSERT_TRUE(std::holds_alternative<SilentEvent>(parsed));
  EXPECT_EQ(std::get<SilentEvent>(parsed).id, "e-1");
}

// Not bound to the notifications queue (task.#), but harmless if one arrives there.
TEST(ParseMessage, UserEventsAreWellFormedButSilent) {
  for (auto type : {"user_registered", "user_updated"}) {
    auto parsed = parse_message(event(type));
    ASSERT_TRUE(std::holds_alternative<SilentEvent>(parsed)) << type;
  }
}

TEST(ParseMessage, PoisonMessagesSayWhy) {
  auto reason = [](std::string_view body) {
    auto parsed = parse_message(body);
    EXPECT_TRUE(std::holds_alternative<PoisonMessage>(parsed)) << body;
    return std::holds_alternative<PoisonMessage>(parsed) ? std::get<PoisonMessage>(parsed).reason
                                                         : "";
  };
  EXPECT_EQ(reason("not json {"), "body is not JSON");
  EXPECT_EQ(reason(""), "body is not JSON");
  EXPECT_EQ(reason("[1,2]"), "body is not a JSON object");
  EXPECT_EQ(reason(R"({"type":"task_created","user_id":7,"data":{"id":1,"title":"t"}})"),
            "no event id");
  EXPECT_EQ(reason(R"({"id":"","type":"task_created","user_id":7})"), "no event id");
  EXPECT_EQ(reason(R"({"id":")" + std::string(129, 'x') + R"(","type":"task_created"})"),
            "no event id");
  EXPECT_EQ(reason(R"({"id":"e","type":"task_exploded","user_id":7})"), "unknown event type");
  EXPECT_EQ(reason(R"({"id":"e","type":7,"user_id":7})"), "no event type");
  EXPECT_EQ(reason(R"({"id":"e","type":"task_created"})"), "no user");
  EXPECT_EQ(reason(R"({"id":"e","type":"task_created","user_id":"7"})"), "no user");
  EXPECT_EQ(reason(R"({"id":"e","type":"task_created","user_id":0})"), "no user");
  EXPECT_EQ(reason(R"({"id":"e","type":"task_created","user_id":-3})"), "no user");
  EXPECT_EQ(reason(R"({"id":"e","type":"task_deleted","user_id":null})"), "no user");
  EXPECT_EQ(reason(R"({"id":"e","type":"task_created","user_id":7})"), "no task data");
  EXPECT_EQ(reason(R"({"id":"e","type":"task_created","user_id":7,"data":{"title":"t"}})"),
            "no task id");
  EXPECT_EQ(reason(R"({"id":"e","type":"task_created","user_id":7,"data":{"id":1}})"),
            "no task title");
}

TEST(ParseMessage, ReadsWhenItHappened) {
  auto parsed = std::get<TaskEvent>(parse_message(event("task_created")));
  ASSERT_TRUE(parsed.occurred_at);
  EXPECT_EQ(*parsed.occurred_at, parse_utc("2026-11-29T10:00:00Z"));
  auto undated =
      parse_message(R"({"id":"e","type":"task_created","user_id":7,"data":{"id":1,"title":"t"}})");
  EXPECT_FALSE(std::get<TaskEvent>(undated).occurred_at);
}

TEST(ParseUtc, ReadsTheServicesTimestamps) {
  using namespace std::chrono;
  auto base = sys_days(year(2026) / 11 / 29) + hours(10) + minutes(10);
  EXPECT_EQ(parse_utc("2026-11-29T10:10:00Z"), base);
  EXPECT_EQ(parse_utc("2026-11-29T10:10:00.500000Z"), base + milliseconds(500));
  EXPECT_EQ(parse_utc("2026-11-29T10:10:00.1234567Z"), base + microseconds(123456));
  for (auto bad : {"", "2026-11-29", "2026-11-29T10:10:00", "2026-11-29T10:10:00+01:00",
                   "2026-02-30T10:10:00Z", "2026-11-29T24:00:00Z", "2026-11-29T10:10:00.Z",
                   "2026-11-29T10:10:00.12a456Z", "2026-11-29 10:10:00Z", "x026-11-29T10:10:00Z"}) {
    EXPECT_FALSE(parse_utc(bad)) << bad;
  }
}

// Found by services/notifications/fuzz/event_fuzz.cpp: a date the clock cannot count in
// nanoseconds (before 1678 or after 2262) overflowed the conversion (undefined behaviour);
// it is no timestamp of ours.
TEST(ParseUtc, RejectsInstantsTheClockCannotHold) {
  using namespace std::chrono;
  EXPECT_FALSE(parse_utc("1013-11-29T10:00:00.5Z"));
  EXPECT_FALSE(parse_utc("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(parse_utc("2262-04-12T00:00:00Z"));
  EXPECT_EQ(parse_utc("2262-04-11T00:00:00Z"), sys_days(year(2262) / 4 / 11));
  EXPECT_EQ(parse_utc("1678-01-01T00:00:00Z"), sys_days(year(1678) / 1 / 1));
  const auto parsed = parse_message(
      R"({"id":"e","type":"task_created","occurred_at":"1013-11-29T10:00:00Z","user_id":7,)"
      R"("data":{"id":1,"title":"t"}})");
  EXPECT_FALSE(std::get<TaskEvent>(parsed).occurred_at);
}

TEST(EventType, NamesRoundTrip) {
  for (auto name : {"task_created", "task_updated", "task_completed", "task_deleted",
                    "comment_added", "task_due_soon", "task_overdue"}) {
    auto kind = parse_event_type(name);
    ASSERT_TRUE(kind) << name;
    EXPECT_EQ(event_type_name(*kind), name);
  }
  EXPECT_FALSE(parse_event_type("TASK_CREATED"));
}

namespace {

// A Teams event: task 42 created by user 7, in a shared project of members 7, 8, 9 and 10.
std::string team_event(std::string_view type, std::string_view audience,
                       std::string_view assignees = "[]") {
  return std::string(R"({"id":"e-2","type":")") + std::string(type) +
         R"(","occurred_at":"2026-12-07T10:00:00Z","user_id":7,"data":{"id":42,"project_id":5,)" +
         R"("title":"Plan","assignee_ids":)" + std::string(assignees) + R"(},"audience":{)" +
         std::string(audience) + "}}";
}

TaskEvent parsed_task_event(const std::string& body) {
  auto parsed = parse_message(body);
  EXPECT_TRUE(std::holds_alternative<TaskEvent>(parsed)) << body;
  return std::get<TaskEvent>(parsed);
}

constexpr std::string_view kShared = R"("personal":false,"member_ids":[7,8,9,10],"actor_id":8)";

}  // namespace

TEST(NotificationRecipients, WithoutAnAudienceTheUserAsBefore) {
  EXPECT_EQ(notification_recipients(parsed_task_event(event("task_updated"))),
            std::vector<std::int64_t>{7});
}

TEST(NotificationRecipients, InAPersonalProjectTheOwnerEvenForTheirOwnChanges) {
  auto event = parsed_task_event(
      team_event("task_updated", R"("personal":true,"member_ids":[7],"actor_id":7)"));
  EXPECT_EQ(notification_recipients(event), std::vector<std::int64_t>{7});
}

TEST(NotificationRecipients, InASharedProjectTheConcernedButNeverTheActor) {
  auto updated = parsed_task_event(team_event("task_updated", kShared, "[8,9]"));
  EXPECT_EQ(notification_recipients(updated), (std::vector<std::int64_t>{9, 7}));
  // The creator acting on their own task, assigned to an ex-member (11): nobody.
  auto own = parsed_task_event(
      team_event("task_completed", R"("personal":false,"member_ids":[7,8],"actor_id":7)", "[11]"));
  EXPECT_TRUE(notification_recipients(own).empty());
}

TEST(NotificationRecipients, AssignmentsAndMentionsGoToWhoTheyName) {
  auto assigned = parsed_task_event(
      team_event("task_assigned", std::string(kShared) + R"(,"assigned_ids":[8,10])", "[8,10]"));
  EXPECT_EQ(notification_recipients(assigned), std::vector<std::int64_t>{10});
  auto mentioned = parsed_task_event(team_event(
      "mentioned", std::string(kShared) + R"(,"mentioned_ids":[9,11],"actor_name":"bo")"));
  EXPECT_EQ(notification_recipients(mentioned), std::vector<std::int64_t>{9});
  auto comment = parsed_task_event(
      team_event("comment_added", std::string(kShared) + R"(,"mentioned_ids":[9])", "[9,10]"));
  EXPECT_EQ(notification_recipients(comment), (std::vector<std::int64_t>{10, 7}));
  // The update that assigned 10 notifies 10 by the assignment only.
  auto updated = parsed_task_event(
      team_event("task_updated", std::string(kShared) + R"(,"assigned_ids":[10])", "[9,10]"));
  EXPECT_EQ(notification_recipients(updated), (std::vector<std::int64_t>{9, 7}));
}

TEST(NotificationRecipients, AQuietChangeNotifiesNobody) {
  auto reordered = parsed_task_event(
      team_event("task_updated", std::string(kShared) + R"(,"action":"moved","quiet":true)"));
  EXPECT_TRUE(notification_recipients(reordered).empty());
}

TEST(TaskChangedFrame, CarriesTheChangeForMembers) {
  auto moved =
      parsed_task_event(team_event("task_updated", std::string(kShared) + R"(,"action":"moved")"));
  auto frame = nlohmann::json::parse(*task_changed_frame(moved));
  EXPECT_EQ(frame["type"], "task_changed");
  EXPECT_EQ(frame["project_id"], 5);
  EXPECT_EQ(frame["action"], "moved");
  EXPECT_EQ(frame["actor_id"], 8);
  EXPECT_EQ(frame["task"]["title"], "Plan");
  EXPECT_FALSE(task_changed_frame(parsed_task_event(event("task_updated"))));
}

TEST(TaskChangedFrame, ADeletionCarriesTheIdOnly) {
  auto deleted = parsed_task_event(
      team_event("task_deleted", std::string(kShared) + R"(,"action":"deleted")"));
  EXPECT_TRUE(notification_recipients(deleted).empty());
  EXPECT_EQ(nlohmann::json::parse(*task_changed_frame(deleted))["task"],
            nlohmann::json::parse(R"({"id":42,"project_id":5})"));
}

TEST(ParseMessage, RefusesAMalformedAudience) {
  for (auto audience :
       {R"("member_ids":[1])", R"("personal":"no","member_ids":[])",
        R"("personal":true,"member_ids":["1"])", R"("personal":true,"member_ids":[],"actor_id":0)",
        R"("personal":true,"member_ids":[],"quiet":1)"}) {
    EXPECT_TRUE(
        std::holds_alternative<PoisonMessage>(parse_message(team_event("task_updated", audience))))
        << audience;
  }
}
