#include "domain/activity.hpp"

#include <gtest/gtest.h>

namespace taskflow::tasks {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const Timestamp kAt{std::chrono::sys_days(std::chrono::year(2026) / 12 / 7)};

Task sample() {
  return Task{.id = 5,
              .user_id = 7,
              .project_id = 3,
              .title = "Write",
              .priority = Priority::low,
              .status = Status::todo,
              .created_at = kAt,
              .updated_at = kAt,
              .position = "V"};
}

TEST(ActivityAction, RoundTripsItsNames) {
  for (const auto action :
       {ActivityAction::created, ActivityAction::updated, ActivityAction::moved,
        ActivityAction::deleted, ActivityAction::commented, ActivityAction::attached}) {
    EXPECT_EQ(parse_activity_action(to_string(action)), action);
  }
  EXPECT_FALSE(parse_activity_action("renamed"));
}

TEST(TaskChanges, ListsWhatDiffersAsBeforeAndAfter) {
  const Task before = sample();
  Task after = before;
  after.status = Status::done;
  after.completed_at = kAt + 1h;
  after.updated_at = kAt + 1h;  // not a field anyone writes
  after.assignee_ids = {9};
  EXPECT_EQ(task_changes(before, after), json::parse(R"({
    "status": ["todo", "done"], "completed_at": [null, "2026-12-07T01:00:00Z"],
    "assignee_ids": [[], [9]]})"));
  EXPECT_EQ(task_changes(before, before), json::object());
}

TEST(ActivityEntries, RecordWhoDidWhatToWhichTask) {
  const Task task = sample();
  const auto created = created_entry(task, 7, kAt);
  EXPECT_EQ(created.action, ActivityAction::created);
  EXPECT_EQ(created.project_id, 3);
  EXPECT_EQ(created.task_id, 5);
  EXPECT_EQ(created.changes, json::parse(R"({"title": [null, "Write"]})"));
  EXPECT_EQ(deleted_entry(task, 8, kAt).changes, json::parse(R"({"title": ["Write", null]})"));
  EXPECT_EQ(deleted_entry(task, 8, kAt).actor_id, 8);
  Task moved = task;
  moved.position = "k";
  EXPECT_EQ(changed_entry(ActivityAction::moved, task, moved, 9, kAt).changes,
            json::parse(R"({"position": ["V", "k"]})"));
}

TEST(ActivityEntries, QuoteTheStartOfALongComment) {
  const Comment comment{.id = 1, .task_id = 5, .user_id = 8, .content = std::string(300, 'x')};
  const auto entry = commented_entry(sample(), comment, kAt);
  EXPECT_EQ(entry.actor_id, 8);
  EXPECT_EQ(entry.changes.at("comment").at(1), std::string(200, 'x') + "…");
  const Attachment file{.id = 2, .task_id = 5, .user_id = 9, .file_name = "a.pdf"};
  EXPECT_EQ(attached_entry(sample(), file, kAt).changes,
            json::parse(R"({"attachment": [null, "a.pdf"]})"));
}

TEST(ActivityToJson, HasTheApiShape) {
  auto entry = created_entry(sample(), 7, kAt);
  entry.id = 11;
  entry.actor_username = "ana";
  EXPECT_EQ(activity_to_json(entry), json::parse(R"({
    "id": 11, "actor": {"id": 7, "username": "ana"}, "task_id": 5, "action": "created",
    "changes": {"title": [null, "Write"]}, "created_at": "2026-12-07T00:00:00Z"})"));
}

}  // namespace
}  // namespace taskflow::tasks
