#include "domain/membership.hpp"

#include <algorithm>
#include <array>

#include "taskflow/text/ascii.hpp"
#include "taskflow/validation/fields.hpp"

namespace taskflow::tasks {
namespace {

using nlohmann::json;
using validation::add_error;
using validation::find_field;

constexpr std::string_view kEmail = "email";
constexpr std::string_view kRole = "role";
constexpr std::array kNewMemberFields{kEmail, kRole};
constexpr std::array kRoleFields{kRole};
constexpr std::array kReadOnlyMemberFields{std::string_view{"user"}, std::string_view{"joined_at"}};

// An address as a person types it: something@domain, no spaces; the auth service checks more
// when the user registers, and an invitation only ever matches an address it accepted.
bool looks_like_email(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= text.size()) return false;
  if (text.find('@', at + 1) != std::string_view::npos) return false;
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; });
}

std::optional<Role> read_role(const json& value, validation::FieldErrors& errors) {
  const auto role =
      value.is_string() ? parse_role(value.get_ref<const std::string&>()) : std::nullopt;
  if (!role) {
    const std::string sent = value.is_string() ? value.get<std::string>() : value.dump();
    add_error(errors, kRole, "\"" + sent + "\" is not a valid choice.");
  }
  return role;
}

}  // namespace

validation::Validated<NewMember> validate_new_member(const json& body) {
  validation::FieldErrors errors;
  if (!validation::is_object_or_report(body, errors)) return errors;
  validation::reject_unknown_fields(body, kNewMemberFields, {}, errors);
  NewMember member;
  const auto email = validation::read_required_string(
      body, validation::StringField{.name = kEmail, .max_code_points = kMaxEmailLength}, errors);
  if (email && !validation::has_errors(errors, kEmail)) {
    if (looks_like_email(*email)) {
      member.email = text::to_lower_ascii(*email);
    } else {
      add_error(errors, kEmail, "Enter a valid email address.");
    }
  }
  if (const json* role = find_field(body, kRole)) {
    if (auto chosen = read_role(*role, errors)) member.role = *chosen;
  }
  if (!errors.empty()) return errors;
  return member;
}

validation::Validated<Role> validate_member_role(const json& body) {
  validation::FieldErrors errors;
  if (!validation::is_object_or_report(body, errors)) return errors;
  validation::reject_unknown_fields(body, kRoleFields, kReadOnlyMemberFields, errors);
  const json* role = find_field(body, kRole);
  if (!role) {
    add_error(errors, kRole, validation::kRequired);
    return errors;
  }
  auto chosen = read_role(*role, errors);
  if (!errors.empty()) return errors;
  return *chosen;
}

Action member_change_action(Role current, std::optional<Role> wanted) {
  if (current == Role::owner || wanted == Role::owner) return Action::manage_owners;
  return Action::manage_members;
}

Action member_add_action(Role role) {
  return role == Role::owner ? Action::manage_owners : Action::manage_members;
}

std::optional<std::string_view> member_change_refusal(Role current, std::optional<Role> wanted,
                                                      std::int64_t owner_count) {
  const bool loses_an_owner = current == Role::owner && wanted != Role::owner;
  if (loses_an_owner && owner_count <= 1) {
    return "A project must keep at least one owner: make another member an owner first.";
  }
  return std::nullopt;
}

std::optional<std::string_view> sharing_refusal(const Project& project) {
  if (project.is_personal()) return "A personal project cannot be shared.";
  return std::nullopt;
}

json member_to_json(const Member& member) {
  return {{"user",
           {{"id", member.user.id},
            {"username", member.user.username},
            {"email", member.user.email},
            {"first_name", member.user.first_name},
            {"last_name", member.user.last_name}}},
          {"role", to_string(member.role)},
          {"joined_at", format_timestamp(member.joined_at)}};
}

json invitation_to_json(const Invitation& invitation) {
  return {{"id", invitation.id},
          {"email", invitation.email},
          {"role", to_string(invitation.role)},
          {"invited_by", invitation.invited_by},
          {"created_at", format_timestamp(invitation.created_at)}};
}

}  // namespace taskflow::tasks
