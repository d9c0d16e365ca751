#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "taskflow/validation/validated.hpp"

#include "domain/common_passwords.hpp"
#include "domain/password_policy.hpp"

// Request body rules for register, profile and change-password, with Django REST Framework's
// messages. String fields follow DRF's CharField: null, non-strings, blanks (after trimming)
// and NUL characters are rejected, and every field but the passwords is trimmed.
namespace taskflow::auth {

using validation::FieldErrors;
using validation::kNonFieldErrors;
using validation::Validated;

// Uniqueness needs storage, so the handler checks it; these are the original's messages
// (under "username" and "email").
inline constexpr std::string_view kUsernameTakenMessage =
    "A user with that username already exists.";
inline constexpr std::string_view kEmailTakenMessage =
    "user with this email address already exists.";

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

struct Credentials {
  std::string email;     // as sent; normalize_email() finds the account
  std::string password;  // as sent
};

// Log-in and token bodies: each field a non-empty string, kept exactly as sent (they are
// compared with stored values, not checked against a policy). Missing and null both read
// "This field is required.".
Validated<Credentials> validate_login(const nlohmann::json& body);
// {"refresh": "<token>"}, for refresh and logout: the refresh token.
Validated<std::string> validate_refresh_request(const nlohmann::json& body);

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
