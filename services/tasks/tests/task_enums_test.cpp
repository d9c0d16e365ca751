#include "domain/task_enums.hpp"

#include <gtest/gtest.h>

namespace taskflow::tasks {
namespace {

TEST(Priority, RoundTripsEveryWireName) {
  for (const Priority priority : kPriorities) {
    EXPECT_EQ(parse_priority(to_string(priority)), priority);
  }
  EXPECT_EQ(to_string(Priority::urgent), "urgent");
}

TEST(Priority, ComparesBySeverity) {
  EXPECT_LT(Priority::low, Priority::medium);
  EXPECT_LT(Priority::medium, Priority::high);
  EXPECT_LT(Priority::high, Priority::urgent);
}

TEST(Status, RoundTripsEveryWireName) {
  for (const Status status : kStatuses) EXPECT_EQ(parse_status(to_string(status)), status);
  EXPECT_EQ(to_string(Status::in_progress), "in_progress");
}

TEST(Choices, NameEachEnumeratorAsOnTheWire) {
  EXPECT_EQ(to_string(Priority::low), "low");
  EXPECT_EQ(to_string(Priority::medium), "medium");
  EXPECT_EQ(to_string(Priority::high), "high");
  EXPECT_EQ(to_string(Status::todo), "todo");
  EXPECT_EQ(to_string(Status::review), "review");
  EXPECT_EQ(to_string(Status::done), "done");
  EXPECT_EQ(to_string(Status::cancelled), "cancelled");
}

TEST(Choices, AreExactAndCaseSensitive) {
  EXPECT_FALSE(parse_priority("High"));
  EXPECT_FALSE(parse_priority(" high"));
  EXPECT_FALSE(parse_priority(""));
  EXPECT_FALSE(parse_status("in-progress"));
  EXPECT_FALSE(parse_status("DONE"));
}

}  // namespace
}  // namespace taskflow::tasks
