#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/access_policy.hpp"
#include "domain/project.hpp"
#include "domain/timestamps.hpp"
#include "taskflow/validation/validated.hpp"

// Members of a project and invitations by email: who joins with which role, and the rules that
// keep a project owned. The names and emails come from the user directory the auth service's
// events fill (app/user_directory.hpp).
namespace taskflow::tasks {

inline constexpr std::size_t kMaxEmailLength = 254;

// What the members list shows of a user.
struct MemberUser {
  std::int64_t id = 0;
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
};

struct Member {
  MemberUser user;
  Role role = Role::viewer;
  Timestamp joined_at;
};

// An email invited into a project before anyone registered with it: it becomes a membership
// when that email registers (or a user changes theirs to it).
struct Invitation {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string email;  // lower case
  Role role = Role::viewer;
  std::int64_t invited_by = 0;
  Timestamp created_at;
};

struct NewMember {
  std::string email;  // lower case
  Role role = Role::editor;
};

// POST members/: email required (an address, stored lower case); role optional (default
// editor), one of viewer, editor, admin, owner.
validation::Validated<NewMember> validate_new_member(const nlohmann::json& body);
// PATCH members/{user_id}/: role required.
validation::Validated<Role> validate_member_role(const nlohmann::json& body);

// The action that changing a member from `current` to `wanted` (nullopt: removing them) needs:
// anything touching an owner is the owners' own business.
Action member_change_action(Role current, std::optional<Role> wanted);
// The action adding a member (or inviting one) with that role needs.
Action member_add_action(Role role);

// Why the change is refused even to someone whose role allows it, or nullopt: a project keeps
// at least one owner, and a personal project is never shared.
std::optional<std::string_view> member_change_refusal(Role current, std::optional<Role> wanted,
                                                      std::int64_t owner_count);
std::optional<std::string_view> sharing_refusal(const Project& project);

nlohmann::json member_to_json(const Member& member);
nlohmann::json invitation_to_json(const Invitation& invitation);

}  // namespace taskflow::tasks
