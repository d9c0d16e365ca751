#include "domain/input_validation.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <span>

#include "domain/unicode.hpp"
#include "taskflow/validation/fields.hpp"

namespace taskflow::auth {
namespace {

using nlohmann::json;
using validation::add_error;
using validation::has_errors;
using validation::is_object_or_report;
using validation::read_required_string;
using validation::reject_unknown_fields;
using validation::StringField;

// Maximum lengths are those of Django's user model.
constexpr StringField kUsername{.name = "username", .max_code_points = 150};
constexpr StringField kEmail{.name = "email", .max_code_points = 254};
constexpr StringField kFirstName{.name = "first_name", .max_code_points = 150, .allow_blank = true};
constexpr StringField kLastName{.name = "last_name", .max_code_points = 150, .allow_blank = true};
constexpr StringField kPassword{.name = "password", .trim = false};
constexpr StringField kPasswordConfirm{.name = "password_confirm", .trim = false};
constexpr StringField kOldPassword{.name = "old_password", .trim = false};
constexpr StringField kNewPassword{.name = "new_password", .trim = false};
constexpr StringField kNewPasswordConfirm{.name = "new_password_confirm", .trim = false};

constexpr std::array kRegistrationFields{kUsername.name, kEmail.name,    kFirstName.name,
                                         kLastName.name, kPassword.name, kPasswordConfirm.name};
constexpr std::array kProfileFields{kUsername.name, kEmail.name, kFirstName.name, kLastName.name};
constexpr std::array kChangePasswordFields{kOldPassword.name, kNewPassword.name,
                                           kNewPasswordConfirm.name};
constexpr std::array<std::string_view, 2> kLoginFields{"email", "password"};
constexpr std::array<std::string_view, 1> kRefreshFields{"refresh"};
constexpr std::array kReadOnlyUserFields{std::string_view{"id"}, std::string_view{"is_verified"},
                                         std::string_view{"created_at"}};

constexpr std::string_view kPasswordsDiffer = "Password fields didn't match.";

// Django's UnicodeUsernameValidator: ^[\w.@+-]+\Z
bool is_valid_username(std::u32string_view username) {
  return std::all_of(username.begin(), username.end(), [](char32_t code_point) {
    return unicode::is_word(code_point) ||
           std::u32string_view(U".@+-").find(code_point) != std::u32string_view::npos;
  });
}

bool is_ascii_alphanumeric(char32_t code_point) {
  return (code_point >= U'a' && code_point <= U'z') || (code_point >= U'A' && code_point <= U'Z') ||
         (code_point >= U'0' && code_point <= U'9');
}

// RFC 5322 dot-atom, ASCII only, as Django's EmailValidator accepts (quoted forms aside).
bool is_valid_local_part(std::u32string_view local) {
  constexpr std::u32string_view kAtextSymbols = U"!#$%&'*+-/=?^_`{|}~";
  if (local.empty() || local.size() > 64 || local.front() == U'.' || local.back() == U'.' ||
      local.find(U"..") != std::u32string_view::npos) {
    return false;
  }
  return std::all_of(local.begin(), local.end(), [&](char32_t code_point) {
    return is_ascii_alphanumeric(code_point) || code_point == U'.' ||
           kAtextSymbols.find(code_point) != std::u32string_view::npos;
  });
}

// Host name labels; non-ASCII letters are allowed for internationalised domains.
bool is_valid_domain_label(std::u32string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == U'-' || label.back() == U'-') {
    return false;
  }
  return std::all_of(label.begin(), label.end(), [](char32_t code_point) {
    return is_ascii_alphanumeric(code_point) || code_point == U'-' ||
           (code_point > 0x7F && unicode::is_word(code_point));
  });
}

std::vector<std::u32string_view> split_labels(std::u32string_view domain) {
  std::vector<std::u32string_view> labels;
  std::size_t start = 0;
  for (std::size_t dot; (dot = domain.find(U'.', start)) != std::u32string_view::npos;
       start = dot + 1) {
    labels.push_back(domain.substr(start, dot - start));
  }
  labels.push_back(domain.substr(start));
  return labels;
}

// At least one dot, and a top-level domain of two or more characters that is not a number.
bool is_valid_domain(std::u32string_view domain) {
  const auto labels = split_labels(domain);
  if (labels.size() < 2 || !std::all_of(labels.begin(), labels.end(), is_valid_domain_label)) {
    return false;
  }
  const std::u32string_view top_level = labels.back();
  return top_level.size() >= 2 &&
         !std::all_of(top_level.begin(), top_level.end(),
                      [](char32_t code_point) { return code_point >= U'0' && code_point <= U'9'; });
}

bool is_valid_email(std::u32string_view email) {
  const std::size_t at = email.find(U'@');
  if (at == std::u32string_view::npos || email.find(U'@', at + 1) != std::u32string_view::npos) {
    return false;
  }
  return is_valid_local_part(email.substr(0, at)) && is_valid_domain(email.substr(at + 1));
}

// Format rules run on a value read_string returned, which is valid UTF-8.
void check_username(const std::optional<std::string>& username, FieldErrors& errors) {
  if (username && !is_valid_username(*unicode::decode_utf8(*username))) {
    add_error(errors, kUsername.name,
              "Enter a valid username. This value may contain only letters, numbers, and "
              "@/./+/-/_ characters.");
  }
}

void check_email(const std::optional<std::string>& email, FieldErrors& errors) {
  if (email && !is_valid_email(*unicode::decode_utf8(*email))) {
    add_error(errors, kEmail.name, "Enter a valid email address.");
  }
}

// The confirmation is compared only when both fields are otherwise fine.
void check_confirmation(const std::optional<std::string>& password, const StringField& field,
                        const std::optional<std::string>& confirmation,
                        const StringField& confirmation_field, FieldErrors& errors) {
  if (password && confirmation && !has_errors(errors, field.name) &&
      !has_errors(errors, confirmation_field.name) && *password != *confirmation) {
    add_error(errors, confirmation_field.name, kPasswordsDiffer);
  }
}

void check_policy(const std::optional<std::string>& password, const StringField& field,
                  const UserAttributes& user, const CommonPasswords& common_passwords,
                  FieldErrors& errors) {
  if (!password || has_errors(errors, field.name)) return;
  for (std::string& message : validate_password(*password, user, common_passwords)) {
    add_error(errors, field.name, message);
  }
}

// A credential or token: present, a string, not empty; never trimmed.
std::string read_credential(const json& body, std::string_view field, FieldErrors& errors) {
  const json* value = validation::find_field(body, field);
  if (!value || value->is_null()) {
    add_error(errors, field, validation::kRequired);
  } else if (!value->is_string()) {
    add_error(errors, field, validation::kNotString);
  } else if (value->get_ref<const std::string&>().empty()) {
    add_error(errors, field, validation::kBlank);
  } else {
    return value->get<std::string>();
  }
  return {};
}

std::optional<std::string> read_optional_string(const json& body, const StringField& field,
                                                bool required, FieldErrors& errors) {
  if (!required && !body.contains(field.name)) return std::nullopt;
  return read_required_string(body, field, errors);
}

}  // namespace

Validated<Registration> validate_registration(const json& body,
                                              const CommonPasswords& common_passwords) {
  FieldErrors errors;
  if (!is_object_or_report(body, errors)) return errors;
  reject_unknown_fields(body, kRegistrationFields, {}, errors);

  auto username = read_required_string(body, kUsername, errors);
  auto email = read_required_string(body, kEmail, errors);
  auto first_name = read_required_string(body, kFirstName, errors);
  auto last_name = read_required_string(body, kLastName, errors);
  auto password = read_required_string(body, kPassword, errors);
  const auto password_confirm = read_required_string(body, kPasswordConfirm, errors);
  check_username(username, errors);
  check_email(email, errors);
  check_confirmation(password, kPassword, password_confirm, kPasswordConfirm, errors);
  const UserAttributes future_user{.username = username.value_or(""),
                                   .email = email.value_or(""),
                                   .first_name = first_name.value_or(""),
                                   .last_name = last_name.value_or("")};
  check_policy(password, kPassword, future_user, common_passwords, errors);

  if (!errors.empty()) return errors;
  return Registration{.username = std::move(*username),
                      .email = std::move(*email),
                      .first_name = std::move(*first_name),
                      .last_name = std::move(*last_name),
                      .password = std::move(*password)};
}

Validated<ProfileUpdate> validate_profile_update(const json& body, bool partial) {
  FieldErrors errors;
  if (!is_object_or_report(body, errors)) return errors;
  reject_unknown_fields(body, kProfileFields, kReadOnlyUserFields, errors);

  const bool required = !partial;
  ProfileUpdate update{.username = read_optional_string(body, kUsername, required, errors),
                       .email = read_optional_string(body, kEmail, required, errors),
                       .first_name = read_optional_string(body, kFirstName, required, errors),
                       .last_name = read_optional_string(body, kLastName, required, errors)};
  check_username(update.username, errors);
  check_email(update.email, errors);

  if (!errors.empty()) return errors;
  return update;
}

Validated<PasswordChange> validate_change_password(const json& body, const UserAttributes& user,
                                                   const CommonPasswords& common_passwords) {
  FieldErrors errors;
  if (!is_object_or_report(body, errors)) return errors;
  reject_unknown_fields(body, kChangePasswordFields, {}, errors);

  auto old_password = read_required_string(body, kOldPassword, errors);
  auto new_password = read_required_string(body, kNewPassword, errors);
  const auto new_password_confirm = read_required_string(body, kNewPasswordConfirm, errors);
  check_confirmation(new_password, kNewPassword, new_password_confirm, kNewPasswordConfirm, errors);
  check_policy(new_password, kNewPassword, user, common_passwords, errors);

  if (!errors.empty()) return errors;
  return PasswordChange{.old_password = std::move(*old_password),
                        .new_password = std::move(*new_password)};
}

Validated<Credentials> validate_login(const json& body) {
  FieldErrors errors;
  if (!is_object_or_report(body, errors)) return errors;
  Credentials credentials{.email = read_credential(body, kLoginFields[0], errors),
                          .password = read_credential(body, kLoginFields[1], errors)};
  reject_unknown_fields(body, kLoginFields, {}, errors);
  if (!errors.empty()) return errors;
  return credentials;
}

Validated<std::string> validate_refresh_request(const json& body) {
  FieldErrors errors;
  if (!is_object_or_report(body, errors)) return errors;
  auto token = read_credential(body, kRefreshFields[0], errors);
  reject_unknown_fields(body, kRefreshFields, {}, errors);
  if (!errors.empty()) return errors;
  return token;
}

std::string normalize_email(std::string_view email) {
  const auto decoded = unicode::decode_utf8(email);
  if (!decoded) return std::string(email);
  return unicode::encode_utf8(unicode::to_lower(unicode::strip(*decoded)));
}

}  // namespace taskflow::auth
