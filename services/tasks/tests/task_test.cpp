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
  const Task task = make_task(
      NewTask{.title = "A", .status = Status::in_progress, .assignee_ids = {7}, .label_ids = {2}},
      7, 3, kNow, "0665V");
  EXPECT_EQ(task.id, 0);
  EXPECT_EQ(task.user_id, 7);
  EXPECT_EQ(task.project_id, 3);
  EXPECT_EQ(task.title, "A");
  EXPECT_EQ(task.priority, Priority::medium);
  EXPECT_EQ(task.created_at, kNow);
  EXPECT_EQ(task.updated_at, kNow);
  EXPECT_FALSE(task.completed_at);
  EXPECT_EQ(task.assignee_ids, std::vector<std::int64_t>{7});
  EXPECT_EQ(task.label_ids, std::vector<std::int64_t>{2});
  EXPECT_EQ(task.position, "0665V");

  EXPECT_EQ(make_task(NewTask{.title = "A", .status = Status::done}, 7, 3, kNow, "V").completed_at,
            kNow);
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

TEST(ApplyChanges, DropsTheLabelsOfTheProjectLeft) {
  Task task = stored_task();
  task.project_id = 3;
  task.label_ids = {4, 5};
  EXPECT_EQ(apply_changes(task, TaskChanges{.project_id = 3}, kNow).label_ids, task.label_ids);
  EXPECT_TRUE(apply_changes(task, TaskChanges{.project_id = 8}, kNow).label_ids.empty());
  const auto relabelled = apply_changes(
      task, TaskChanges{.project_id = 8, .label_ids = std::vector<std::int64_t>{9}}, kNow);
  EXPECT_EQ(relabelled.label_ids, std::vector<std::int64_t>{9});
}

TEST(ApplyChanges, SetsAssigneesLabelsAndPosition) {
  const auto task = apply_changes(stored_task(),
                                  TaskChanges{.assignee_ids = std::vector<std::int64_t>{7, 8},
                                              .label_ids = std::vector<std::int64_t>{},
                                              .position = "V"},
                                  kNow);
  EXPECT_EQ(task.assignee_ids, (std::vector<std::int64_t>{7, 8}));
  EXPECT_EQ(task.position, "V");
}

TEST(KeepAssigneesAmong, DropsWhoIsNotAMember) {
  Task task = stored_task();
  task.assignee_ids = {7, 8, 9};
  keep_assignees_among(task, {9, 7, 11});
  EXPECT_EQ(task.assignee_ids, (std::vector<std::int64_t>{7, 9}));
}

TEST(HasVisibleChanges, LooksAtWritableFieldsOnly) {
  const Task before = stored_task();
  EXPECT_FALSE(has_visible_changes(before, apply_changes(before, TaskChanges{}, kNow)));
  EXPECT_FALSE(
      has_visible_changes(before, apply_changes(before, TaskChanges{.title = before.title}, kNow)));
  EXPECT_TRUE(has_visible_changes(before, apply_changes(before, {.description = ""}, kNow)));
  EXPECT_TRUE(has_visible_changes(
      before, apply_changes(before, {.due_date = std::optional(kEarlier)}, kNow)));
  EXPECT_TRUE(has_visible_changes(before, apply_changes(before, {.project_id = 99}, kNow)));
  EXPECT_TRUE(has_visible_changes(
      before, apply_changes(before, {.assignee_ids = std::vector<std::int64_t>{1}}, kNow)));
  EXPECT_TRUE(has_visible_changes(before, apply_changes(before, {.position = "z"}, kNow)));
}

TEST(TaskToJson, HasApiFieldsAndFormats) {
  Task task = stored_task();
  task.project_id = 3;
  task.due_date = kCreated + 10h;
  EXPECT_EQ(task_to_json(task), nlohmann::json::parse(R"({
    "id": 5, "title": "Write the report", "description": "Quarterly", "user_id": 7,
    "project_id": 3, "priority": "high", "status": "todo", "due_date": "2026-11-01T10:00:00Z",
    "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z",
    "completed_at": null, "assignee_ids": [], "label_ids": [], "position": ""})"));
  task.due_date.reset();
  task.completed_at = kCreated + 1500ms;
  const auto json = task_to_json(task);
  EXPECT_TRUE(json.at("due_date").is_null());
  EXPECT_EQ(json.at("completed_at"), "2026-11-01T00:00:01.500000Z");
}

}  // namespace
}  // namespace taskflow::tasks

namespace taskflow::tasks {
namespace {

Task sample_task() {
  Task task;
  task.id = 7;
  task.user_id = 42;
  task.project_id = 9;
  task.title = "Quote \" backslash \\ tab \t bell \x07 and caf\xc3\xa9";
  task.description = "line\nbreak, broken \xff byte";
  task.priority = Priority::urgent;
  task.status = Status::done;
  task.created_at = Timestamp(std::chrono::microseconds(1'764'400'000'123'456));
  task.updated_at = Timestamp(std::chrono::microseconds(1'764'400'001'000'000));
  task.completed_at = task.updated_at;
  task.assignee_ids = {42, 3};
  task.label_ids = {5};
  task.position = "0665aV";
  return task;
}

TEST(TaskJson, WritesEveryFieldOfTheApiTaskObject) {
  const auto json = task_to_json(sample_task());
  EXPECT_EQ(json,
            (nlohmann::json{{"id", 7},
                            {"title", "Quote \" backslash \\ tab \t bell \x07 and caf\xc3\xa9"},
                            {"description", "line\nbreak, broken \xef\xbf\xbd byte"},
                            {"user_id", 42},
                            {"project_id", 9},
                            {"priority", "urgent"},
                            {"status", "done"},
                            {"due_date", nullptr},
                            {"created_at", "2025-11-29T07:06:40.123456Z"},
                            {"updated_at", "2025-11-29T07:06:41Z"},
                            {"completed_at", "2025-11-29T07:06:41Z"},
                            {"assignee_ids", {42, 3}},
                            {"label_ids", {5}},
                            {"position", "0665aV"}}));
}

TEST(TaskJson, TextIsValidJsonWithEscapes) {
  const auto text = task_json_text(sample_task());
  EXPECT_NE(text.find(R"("title":"Quote \" backslash \\ tab \t bell \u0007 and café")"),
            std::string::npos)
      << text;
  EXPECT_EQ(nlohmann::json::parse(text), task_to_json(sample_task()));
}

}  // namespace
}  // namespace taskflow::tasks
