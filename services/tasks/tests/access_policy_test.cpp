#include "domain/access_policy.hpp"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <optional>

namespace taskflow::tasks {
namespace {

using Kind = Verdict::Kind;

constexpr std::array kActions{
    Action::view,           Action::comment,       Action::create_task,     Action::update_task,
    Action::delete_task,    Action::attach,        Action::manage_labels,   Action::edit_project,
    Action::manage_members, Action::manage_owners, Action::archive_project, Action::delete_project};

// The role × action table of docs/openapi.yaml (Teams), written out row by row: V viewer,
// E editor, A admin, O owner; 'y' allowed, '-' forbidden.
struct Row {
  Action action;
  const char* viewer_editor_admin_owner;
};

constexpr std::array kTable{
    Row{Action::view, "yyyy"},
    Row{Action::comment, "-yyy"},
    Row{Action::create_task, "-yyy"},
    Row{Action::update_task, "-yyy"},
    Row{Action::delete_task, "-yyy"},
    Row{Action::attach, "-yyy"},
    Row{Action::manage_labels, "--yy"},
    Row{Action::edit_project, "--yy"},
    Row{Action::manage_members, "--yy"},
    Row{Action::manage_owners, "---y"},
    Row{Action::archive_project, "---y"},
    Row{Action::delete_project, "---y"},
};

constexpr std::array kRolesInOrder{Role::viewer, Role::editor, Role::admin, Role::owner};

TEST(Authorize, FollowsTheRoleTable) {
  ASSERT_EQ(kTable.size(), kActions.size());
  for (const Row& row : kTable) {
    for (std::size_t i = 0; i < kRolesInOrder.size(); ++i) {
      const auto verdict = authorize(Access{.role = kRolesInOrder[i]}, row.action);
      const Kind expected =
          row.viewer_editor_admin_owner[i] == 'y' ? Kind::allowed : Kind::forbidden;
      EXPECT_EQ(verdict.kind, expected)
          << to_string(kRolesInOrder[i]) << ", action " << static_cast<int>(row.action);
      if (expected == Kind::forbidden) {
        EXPECT_FALSE(verdict.detail.empty());
      }
    }
  }
}

TEST(Authorize, AnswersNonMembersAsIfNothingExisted) {
  for (const Action action : kActions) {
    for (const bool archived : {false, true}) {
      const auto verdict = authorize(Access{.role = std::nullopt, .archived = archived}, action);
      EXPECT_EQ(verdict.kind, Kind::not_found) << static_cast<int>(action);
    }
  }
}

TEST(Authorize, KeepsAnArchivedProjectReadOnlyButForItsOwner) {
  std::map<Action, Kind> for_owner;
  for (const Action action : kActions) {
    for_owner[action] = authorize(Access{.role = Role::owner, .archived = true}, action).kind;
  }
  EXPECT_EQ(for_owner[Action::view], Kind::allowed);
  EXPECT_EQ(for_owner[Action::archive_project], Kind::allowed);
  EXPECT_EQ(for_owner[Action::delete_project], Kind::allowed);
  EXPECT_EQ(for_owner[Action::create_task], Kind::forbidden);
  EXPECT_EQ(for_owner[Action::comment], Kind::forbidden);
  EXPECT_EQ(for_owner[Action::edit_project], Kind::forbidden);
  EXPECT_EQ(authorize(Access{.role = Role::viewer, .archived = true}, Action::view).kind,
            Kind::allowed);
  EXPECT_EQ(authorize(Access{.role = Role::admin, .archived = true}, Action::archive_project).kind,
            Kind::forbidden);
}

TEST(RequiredRole, GrowsWithWhatAnActionCanUndo) {
  EXPECT_EQ(required_role(Action::view), Role::viewer);
  EXPECT_EQ(required_role(Action::update_task), Role::editor);
  EXPECT_EQ(required_role(Action::manage_members), Role::admin);
  EXPECT_EQ(required_role(Action::delete_project), Role::owner);
}

}  // namespace
}  // namespace taskflow::tasks
