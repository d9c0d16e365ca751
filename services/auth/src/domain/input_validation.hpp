#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/common_passwords.hpp"
#include "domain/password_policy.hpp"

// Request body rules for register, profile and change-password, with Django REST Framework's
// messages. String fields follow DRF's CharField: null, non-strings, blanks (after trimming)
// and NUL characters are rejected, and every field but the passwords is trimmed.
namespace taskflow::auth {

// Field name -> messages: API.md's "errors". Problems with the body as a whole are filed
// under kNonFieldErrors, as DRF does.
using FieldErrors = std::map<std::string, std::vector<std::string>>;
inline constexpr std::string_view kNonFieldErrors = "non_field_errors";

// Uniqueness needs storage, so the handler checks it; these are the original's messages
// (under "username" and "email").
inline constexpr std::string_view kUsernameTakenMessage =
    "A user with that username already exists.";
inline constexpr std::string_view kEmailTakenMessage =
    "user with this email address already exists.";

// Either the typed input or the errors to answer 400 with.
template <typename T>
class Validated {
 public:
  Validated(T value) : outcome_(std::move(value)) {}
  Validated(FieldErrors errors) : outcome_(std::move(errors)) {}

  bool ok() const { return std::holds_alternative<T>(outcome_); }
  // Each throws std::bad_variant_access when called on the other outcome.
  const T& value() const { return std::get<T>(outcome_); }
  const FieldErrors& errors() const { return std::get<FieldErrors>(outcome_); }

 private:
  std::variant<T, FieldErrors> outcome_;
};

struct Registration {
  std::string username;
  std::string email;  // as given (trimmed); normalize_email() is its uniqueness key
  std::string first_name;
  std::string last_name;
  std::string password;  // exactly as sent
};

// The fields to change: those present for PATCH, all four for PUT.
struct ProfileUpdate {
  std::optional<std::string> username;
  std::optional<std::string> email;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
};

struct PasswordChange {
  std::string old_password;  // still to be verified against the stored hash
  std::string new_password;
};

// Also applies the password policy, comparing the password with the other fields of the body.
Validated<Registration> validate_registration(const nlohmann::json& body,
                                              const CommonPasswords& common_passwords);

// partial: PATCH (any of the four writable fields) or PUT (all four). The read-only user
// fields (id, is_verified, created_at) are ignored like DRF does, so a client may send back
// the user object it got; any other field is an error rather than silently dropped.
Validated<ProfileUpdate> validate_profile_update(const nlohmann::json& body, bool partial);

// Also applies the password policy to new_password, against the stored user's attributes.
Validated<PasswordChange> validate_change_password(const nlohmann::json& body,
                                                   const UserAttributes& user,
                                                   const CommonPasswords& common_passwords);

// The email uniqueness key: trimmed and lowercased (Python's str.lower()) as a whole.
// Invalid UTF-8 comes back unchanged; it can never equal the key of a validated address.
std::string normalize_email(std::string_view email);

}  // namespace taskflow::auth
