#include "domain/task_summary.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace taskflow::tasks {
namespace {

Timestamp at_micros(std::int64_t micros) {
  return Timestamp(std::chrono::microseconds(micros));
}

// todo: 1 low + 2 high; in_progress: 4 urgent; done: 8 medium; cancelled: 16 low.
TaskSummary sample() {
  TaskSummary summary;
  summary.counts[0][0] = 1;
  summary.counts[0][2] = 2;
  summary.counts[1][3] = 4;
  summary.counts[3][1] = 8;
  summary.counts[4][0] = 16;
  summary.overdue = 3;
  summary.overdue_changes_at = at_micros(1'700'000'000'000'000);
  return summary;
}

TEST(TaskSummary, CountsEveryTaskWithoutFilters) {
  EXPECT_EQ(sample().total(), 31);
  EXPECT_EQ(TaskSummary{}.total(), 0);
}

TEST(TaskSummary, CountsAnyOfTheChosenStatusesAndPriorities) {
  const auto summary = sample();
  const std::vector<Status> todo{Status::todo};
  const std::vector<Status> open{Status::todo, Status::in_progress, Status::review};
  const std::vector<Priority> low{Priority::low};
  const std::vector<Priority> high_or_urgent{Priority::high, Priority::urgent};
  EXPECT_EQ(summary.count(todo, {}), 3);
  EXPECT_EQ(summary.count(open, {}), 7);
  EXPECT_EQ(summary.count({}, low), 17);
  EXPECT_EQ(summary.count(open, high_or_urgent), 6);
  EXPECT_EQ(summary.count(std::vector<Status>{Status::review}, {}), 0);
}

TEST(TaskSummary, HoldsUntilTheNextOpenTaskFallsDue) {
  const auto summary = sample();
  EXPECT_TRUE(summary.valid_at(at_micros(1'699'999'999'999'999)));
  EXPECT_FALSE(summary.valid_at(at_micros(1'700'000'000'000'000)));
  EXPECT_TRUE(TaskSummary{}.valid_at(at_micros(4'000'000'000'000'000)));
}

TEST(TaskSummary, GivesApiStats) {
  EXPECT_EQ(stats_json(sample()), (nlohmann::json{{"total_tasks", 31},
                                                  {"todo_tasks", 3},
                                                  {"in_progress_tasks", 4},
                                                  {"review_tasks", 0},
                                                  {"done_tasks", 8},
                                                  {"cancelled_tasks", 16},
                                                  {"overdue_tasks", 3}}));
}

TEST(TaskSummary, SurvivesEncoding) {
  EXPECT_EQ(decode_summary(encode_summary(sample())), sample());
  EXPECT_EQ(decode_summary(encode_summary(TaskSummary{})), TaskSummary{});
}

TEST(TaskSummary, RejectsAnythingElse) {
  const auto good = encode_summary(sample());
  EXPECT_FALSE(decode_summary(""));
  EXPECT_FALSE(decode_summary("garbage"));
  EXPECT_FALSE(decode_summary(good.substr(0, good.rfind(' '))));
  EXPECT_FALSE(decode_summary(good + " 7"));
  EXPECT_FALSE(decode_summary("-" + good));
  EXPECT_FALSE(decode_summary("x" + good.substr(1)));
  EXPECT_FALSE(decode_summary(good.substr(0, good.rfind(' ')) + " 12x"));
}

}  // namespace
}  // namespace taskflow::tasks
