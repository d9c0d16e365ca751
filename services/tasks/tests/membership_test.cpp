#include "domain/membership.hpp"

#include <gtest/gtest.h>

namespace taskflow::tasks {
namespace {

using nlohmann::json;

TEST(ValidateNewMember, LowersTheEmailAndDefaultsToEditor) {
  auto result = validate_new_member(json{{"email", "  Ada@Example.ORG "}});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().email, "ada@example.org");
  EXPECT_EQ(result.value().role, Role::editor);
  EXPECT_EQ(validate_new_member(json{{"email", "a@b.c"}, {"role", "owner"}}).value().role,
            Role::owner);
}

TEST(ValidateNewMember, NamesEachProblem) {
  for (const char* bad : {"", "plain", "@example.org", "ada@", "a@b@c", "a b@c.d"}) {
    auto result = validate_new_member(json{{"email", bad}});
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_TRUE(result.errors().contains("email")) << bad;
  }
  EXPECT_EQ(validate_new_member(json::object()).errors().at("email").at(0),
            "This field is required.");
  auto role = validate_new_member(json{{"email", "a@b.c"}, {"role", "boss"}});
  EXPECT_EQ(role.errors().at("role").at(0), "\"boss\" is not a valid choice.");
  EXPECT_TRUE(validate_new_member(json{{"email", "a@b.c"}, {"role", 3}}).errors().contains("role"));
  EXPECT_TRUE(
      validate_new_member(json{{"email", "a@b.c"}, {"user_id", 3}}).errors().contains("user_id"));
  EXPECT_TRUE(validate_new_member(json{{"email", std::string(250, 'a') + "@b.cd"}})
                  .errors()
                  .contains("email"));
}

TEST(ValidateMemberRole, RequiresAKnownRole) {
  EXPECT_EQ(validate_member_role(json{{"role", "admin"}}).value(), Role::admin);
  EXPECT_TRUE(validate_member_role(json::object()).errors().contains("role"));
  EXPECT_TRUE(validate_member_role(json{{"role", nullptr}}).errors().contains("role"));
  // What GET returned may be sent back.
  EXPECT_TRUE(validate_member_role(json{{"role", "viewer"}, {"user", json::object()}}).ok());
}

TEST(MemberChanges, TouchingAnOwnerIsForOwners) {
  EXPECT_EQ(member_change_action(Role::editor, Role::viewer), Action::manage_members);
  EXPECT_EQ(member_change_action(Role::viewer, std::nullopt), Action::manage_members);
  EXPECT_EQ(member_change_action(Role::admin, Role::owner), Action::manage_owners);
  EXPECT_EQ(member_change_action(Role::owner, Role::admin), Action::manage_owners);
  EXPECT_EQ(member_change_action(Role::owner, std::nullopt), Action::manage_owners);
  EXPECT_EQ(member_add_action(Role::admin), Action::manage_members);
  EXPECT_EQ(member_add_action(Role::owner), Action::manage_owners);
}

TEST(MemberChanges, KeepAtLeastOneOwner) {
  EXPECT_TRUE(member_change_refusal(Role::owner, std::nullopt, 1));
  EXPECT_TRUE(member_change_refusal(Role::owner, Role::admin, 1));
  EXPECT_FALSE(member_change_refusal(Role::owner, Role::owner, 1));
  EXPECT_FALSE(member_change_refusal(Role::owner, std::nullopt, 2));
  EXPECT_FALSE(member_change_refusal(Role::editor, std::nullopt, 1));
}

TEST(Sharing, NeverAPersonalProject) {
  Project personal;
  personal.personal_owner_id = 7;
  EXPECT_TRUE(sharing_refusal(personal));
  EXPECT_FALSE(sharing_refusal(Project{}));
}

TEST(MemberToJson, WritesTheUserAndRole) {
  const Member member{.user = {.id = 3, .username = "ada", .email = "ada@example.org"},
                      .role = Role::admin,
                      .joined_at = Timestamp(std::chrono::seconds(1'800'000'000))};
  const auto body = member_to_json(member);
  EXPECT_EQ(body.at("user").at("id"), 3);
  EXPECT_EQ(body.at("user").at("username"), "ada");
  EXPECT_EQ(body.at("role"), "admin");
  EXPECT_TRUE(body.at("joined_at").is_string());
}

}  // namespace
}  // namespace taskflow::tasks
