#include "domain/access_policy.hpp"

#include <gtest/gtest.h>

#include <array>

namespace taskflow::tasks {
namespace {

constexpr std::array kActions{TaskAction::create, TaskAction::view,    TaskAction::update,
                              TaskAction::remove, TaskAction::comment, TaskAction::attach};

struct Case {
  const char* who;
  std::int64_t caller;
  std::int64_t owner;
  bool allowed;
};

// Today a task is its owner's alone, for every action.
constexpr std::array kCases{
    Case{"the owner", 7, 7, true},
    Case{"another user", 8, 7, false},
    Case{"a user whose id is the task's id", 5, 7, false},
    Case{"an unset caller", 0, 7, false},
};

TEST(Authorize, LetsOnlyTheOwnerDoAnything) {
  for (const Case& test : kCases) {
    Task task;
    task.id = 5;
    task.user_id = test.owner;
    for (const TaskAction action : kActions) {
      EXPECT_EQ(authorize(Caller{.user_id = test.caller}, action, task), test.allowed)
          << test.who << ", action " << static_cast<int>(action);
    }
  }
}

}  // namespace
}  // namespace taskflow::tasks
