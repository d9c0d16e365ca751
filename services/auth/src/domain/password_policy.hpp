#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common_passwords.hpp"

namespace taskflow::auth {

// The account fields a password must not resemble. Empty ones are skipped, as in Django.
struct UserAttributes {
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
};

inline constexpr std::size_t kMinPasswordCodePoints = 8;  // Django's MinimumLengthValidator
// Not a Django rule: bounds the work a request can ask of the hasher and the validators.
inline constexpr std::size_t kMaxPasswordBytes = 4096;

// Django's default validators, in settings order (user attribute similarity, minimum length,
// common password, numeric), plus the byte cap. Returns one message per failed rule; empty
// means acceptable. Invalid UTF-8 fails on its own, since no other rule can be judged.
std::vector<std::string> validate_password(std::string_view password, const UserAttributes& attrs,
                                           const CommonPasswords& common_passwords);

}  // namespace taskflow::auth
