#include "domain/task.hpp"

#include <gtest/gtest.h>

namespace taskflow::tasks {
namespace {

using namespace std::chrono_literals;

const Timestamp kCreated{std::chrono::sys_days(std::chrono::year(2026) / 11 / 1)};
const Timestamp kEarlier = kCreated + 1h;
const Timestamp kNow = kCreated + 48h;

Task stored_task() {
  return Task{.id = 5,
              .user_id = 7,
              .title = "Write the report",
              .description = "Quarterly",
              .priority = Priority::high,
              .status = Status::todo,
              .created_at = kCreated,
              .updated_at = kCreated};
}

TEST(MakeTask, CreatesNowAndCompletesOnlyWhenDone) {
  const Task task = make_task(NewTask{.title = "A", .status = Status::in_progress}, 7, kNow);
  EXPECT_EQ(task.id, 0);
  EXPECT_EQ(task.user_id, 7);
  EXPECT_EQ(task.title, "A");
  EXPECT_EQ(task.priority, Priority::medium);
  EXPECT_EQ(task.created_at, kNow);
  EXPECT_EQ(task.updated_at, kNow);
  EXPECT_FALSE(task.completed_at);

  EXPECT_EQ(make_task(NewTask{.title = "A", .status = Status::done}, 7, kNow).completed_at, kNow);
}

TEST(ApplyStatusChange, SetsWhenBecomingDone) {
  for (const Status from : {Status::todo, Status::in_progress, Status::review, Status::cancelled}) {
    EXPECT_EQ(apply_status_change(from, Status::done, std::nullopt, kNow), kNow);
  }
}

TEST(ApplyStatusChange, KeepsWhenStayingDone) {
  EXPECT_EQ(apply_status_change(Status::done, Status::done, kEarlier, kNow), kEarlier);
  // A done task stored without a date gets one rather than staying inconsistent.
  EXPECT_EQ(apply_status_change(Status::done, Status::done, std::nullopt, kNow), kNow);
}

TEST(ApplyStatusChange, ClearsWhenNotDone) {
  for (const Status to : {Status::todo, Status::in_progress, Status::review, Status::cancelled}) {
    EXPECT_FALSE(apply_status_change(Status::done, to, kEarlier, kNow));
    EXPECT_FALSE(apply_status_change(Status::todo, to, kEarlier, kNow));  // a stale value too
  }
}

TEST(ApplyChanges, ChangesOnlyTheGivenFields) {
  const Task before = stored_task();
  const Task after = apply_changes(before, TaskChanges{.priority = Priority::urgent}, kNow);
  EXPECT_EQ(after.priority, Priority::urgent);
  EXPECT_EQ(after.title, before.title);
  EXPECT_EQ(after.description, before.description);
  EXPECT_EQ(after.status, before.status);
  EXPECT_EQ(after.created_at, kCreated);
  EXPECT_EQ(after.updated_at, kNow);
}

TEST(ApplyChanges, SetsAndClearsTheDueDate) {
  Task task = stored_task();
  task = apply_changes(task, TaskChanges{.due_date = std::optional(kEarlier)}, kNow);
  EXPECT_EQ(task.due_date, kEarlier);
  task = apply_changes(task, TaskChanges{}, kNow);
  EXPECT_EQ(task.due_date, kEarlier);
  task = apply_changes(task, TaskChanges{.due_date = std::optional<Timestamp>()}, kNow);
  EXPECT_FALSE(task.due_date);
}

TEST(ApplyChanges, MaintainsCompletedAt) {
  Task task = apply_changes(stored_task(), TaskChanges{.status = Status::done}, kEarlier);
  EXPECT_EQ(task.completed_at, kEarlier);
  task = apply_changes(task, TaskChanges{.title = "Renamed"}, kNow);
  EXPECT_EQ(task.completed_at, kEarlier);
  task = apply_changes(task, TaskChanges{.status = Status::review}, kNow);
  EXPECT_FALSE(task.completed_at);
}

TEST(HasVisibleChanges, LooksAtWritableFieldsOnly) {
  const Task before = stored_task();
  EXPECT_FALSE(has_visible_changes(before, apply_changes(before, TaskChanges{}, kNow)));
  EXPECT_FALSE(
      has_visible_changes(before, apply_changes(before, TaskChanges{.title = before.title}, kNow)));
  EXPECT_TRUE(has_visible_changes(before, apply_changes(before, {.description = ""}, kNow)));
  EXPECT_TRUE(has_visible_changes(
      before, apply_changes(before, {.due_date = std::optional(kEarlier)}, kNow)));
}

TEST(TaskToJson, HasApiFieldsAndFormats) {
  Task task = stored_task();
  task.due_date = kCreated + 10h;
  EXPECT_EQ(task_to_json(task), nlohmann::json::parse(R"({
    "id": 5, "title": "Write the report", "description": "Quarterly", "user_id": 7,
    "priority": "high", "status": "todo", "due_date": "2026-11-01T10:00:00Z",
    "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z",
    "completed_at": null})"));
  task.due_date.reset();
  task.completed_at = kCreated + 1500ms;
  const auto json = task_to_json(task);
  EXPECT_TRUE(json.at("due_date").is_null());
  EXPECT_EQ(json.at("completed_at"), "2026-11-01T00:00:01.500000Z");
}

}  // namespace
}  // namespace taskflow::tasks
