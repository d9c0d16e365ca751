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
