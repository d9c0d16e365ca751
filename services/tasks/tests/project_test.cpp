#include "domain/project.hpp"

#include <gtest/gtest.h>

namespace taskflow::tasks {
namespace {

using nlohmann::json;

const Timestamp kNow{std::chrono::seconds(1'800'000'000)};

TEST(Roles, RoundTripTheirWireNames) {
  for (const Role role : {Role::viewer, Role::editor, Role::admin, Role::owner}) {
    EXPECT_EQ(parse_role(to_string(role)), role);
  }
  EXPECT_FALSE(parse_role("Owner"));
  EXPECT_FALSE(parse_role(""));
  EXPECT_LT(Role::viewer, Role::editor);
  EXPECT_LT(Role::admin, Role::owner);
}

TEST(ValidateProjectCreate, AppliesTheDefaults) {
  auto result = validate_project_create(json{{"name", "  Launch  "}});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().name, "Launch");
  EXPECT_EQ(result.value().description, "");
  EXPECT_EQ(result.value().color, kDefaultProjectColor);
}

TEST(ValidateProjectCreate, ReportsEachProblemUnderItsField) {
  auto result = validate_project_create(
      json{{"name", std::string(101, 'x')}, {"color", "red"}, {"owner", 1}});
  ASSERT_FALSE(result.ok());
  const auto& errors = result.errors();
  EXPECT_TRUE(errors.contains("name"));
  EXPECT_EQ(errors.at("color").at(0), "Enter a color as #rrggbb.");
  EXPECT_EQ(errors.at("owner").at(0), "Unexpected field.");
  EXPECT_EQ(validate_project_create(json::object()).errors().at("name").at(0),
            "This field is required.");
  EXPECT_TRUE(validate_project_create(json{{"name", "   "}}).errors().contains("name"));
  EXPECT_TRUE(validate_project_create(json::array()).errors().contains("non_field_errors"));
}

TEST(ValidateProjectCreate, IgnoresTheReadOnlyFieldsOfAProject) {
  auto result = validate_project_create(json{
      {"name", "A"}, {"id", 3}, {"role", "owner"}, {"is_personal", true}, {"color", "#A0B1C2"}});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().color, "#a0b1c2");
}

TEST(ValidateProjectUpdate, TakesOnlyWhatWasSent) {
  auto result = validate_project_update(json{{"archived", true}});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().archived, true);
  EXPECT_FALSE(result.value().name);
  EXPECT_TRUE(validate_project_update(json{{"archived", "yes"}}).errors().contains("archived"));
  EXPECT_TRUE(validate_project_update(json{{"name", nullptr}}).errors().contains("name"));
}

TEST(Projects, PersonalOnesCannotBeArchived) {
  auto personal = make_project(NewProject{.name = "Personal"}, kNow);
  personal.personal_owner_id = 7;
  EXPECT_TRUE(personal.is_personal());
  EXPECT_TRUE(personal_project_refusal(personal, ProjectChanges{.archived = true}));
  EXPECT_FALSE(personal_project_refusal(personal, ProjectChanges{.name = "Mine"}));
  const auto shared = make_project(NewProject{.name = "Team"}, kNow);
  EXPECT_FALSE(personal_project_refusal(shared, ProjectChanges{.archived = true}));
}

TEST(Projects, ApplyChangesTouchesOnlyTheGivenFields) {
  const auto before = make_project(NewProject{.name = "A", .description = "d"}, kNow);
  const auto later = kNow + std::chrono::seconds(5);
  const auto after = apply_changes(before, ProjectChanges{.color = "#000000"}, later);
  EXPECT_EQ(after.name, "A");
  EXPECT_EQ(after.description, "d");
  EXPECT_EQ(after.color, "#000000");
  EXPECT_EQ(after.updated_at, later);
  EXPECT_EQ(after.created_at, kNow);
}

TEST(ProjectToJson, WritesTheCallersRole) {
  auto project = make_project(NewProject{.name = "Personal"}, kNow);
  project.personal_owner_id = 7;
  project.id = 4;
  const auto body =
      project_to_json(ProjectView{.project = project, .role = Role::owner, .member_count = 1});
  EXPECT_EQ(body.at("id"), 4);
  EXPECT_EQ(body.at("is_personal"), true);
  EXPECT_EQ(body.at("role"), "owner");
  EXPECT_EQ(body.at("member_count"), 1);
  EXPECT_EQ(body.at("archived"), false);
}

}  // namespace
}  // namespace taskflow::tasks
