#include "domain/input_validation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace taskflow::auth {
namespace {

using nlohmann::json;
using Messages = std::vector<std::string>;

const std::string kRequired = "This field is required.";
const std::string kNotNull = "This field may not be null.";
const std::string kNotString = "Not a valid string.";
const std::string kBlank = "This field may not be blank.";
const std::string kNullCharacters = "Null characters are not allowed.";
const std::string kUnexpected = "Unexpected field.";
const std::string kMismatch = "Password fields didn't match.";
const std::string kBadEmail = "Enter a valid email address.";
const std::string kBadUsername =
    "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ "
    "characters.";

json registration_body() {
  return {{"username", "jdoe"},          {"email", "Jane.Doe@Example.com"},
          {"first_name", "Jane"},        {"last_name", "Doe"},
          {"password", "violet-sky-42"}, {"password_confirm", "violet-sky-42"}};
}

FieldErrors registration_errors(const json& body) {
  const auto result = validate_registration(body, testing::shipped_common_passwords());
  return result.ok() ? FieldErrors{} : result.errors();
}

FieldErrors registration_errors_with(const std::string& field, const json& value) {
  json body = registration_body();
  body[field] = value;
  return registration_errors(body);
}

FieldErrors registration_errors_without(const std::string& field) {
  json body = registration_body();
  body.erase(field);
  return registration_errors(body);
}

// --- registration ---------------------------------------------------------------------------

TEST(Registration, ReturnsTheTypedValues) {
  json body = registration_body();
  body["username"] = "  jdoe ";
  body["email"] = " Jane.Doe@Example.com\n";
  const auto result = validate_registration(body, testing::shipped_common_passwords());
  ASSERT_TRUE(result.ok()) << json(result.errors()).dump();
  EXPECT_EQ(result.value().username, "jdoe");
  EXPECT_EQ(result.value().email, "Jane.Doe@Example.com");  // kept as given, only trimmed
  EXPECT_EQ(result.value().first_name, "Jane");
  EXPECT_EQ(result.value().last_name, "Doe");
  EXPECT_EQ(result.value().password, "violet-sky-42");
}

TEST(Registration, RejectsABodyThatIsNotAnObject) {
  const auto not_object = [](const json& body) {
    return registration_errors(body).at(std::string(kNonFieldErrors));
  };
  EXPECT_EQ(not_object(json::array()),
            Messages{"Invalid data. Expected a dictionary, but got list."});
  EXPECT_EQ(not_object("text"), Messages{"Invalid data. Expected a dictionary, but got str."});
  EXPECT_EQ(not_object(3), Messages{"Invalid data. Expected a dictionary, but got int."});
  EXPECT_EQ(not_object(2.5), Messages{"Invalid data. Expected a dictionary, but got float."});
  EXPECT_EQ(not_object(true), Messages{"Invalid data. Expected a dictionary, but got bool."});
  EXPECT_EQ(not_object(nullptr),
            Messages{"Invalid data. Expected a dictionary, but got NoneType."});
}

TEST(Registration, RequiresEveryField) {
  for (const char* field :
       {"username", "email", "first_name", "last_name", "password", "password_confirm"}) {
    EXPECT_EQ(registration_errors_without(field), (FieldErrors{{field, {kRequired}}})) << field;
  }
  const FieldErrors all_missing = registration_errors(json::object());
  EXPECT_EQ(all_missing.size(), 6u);
}

TEST(Registration, RejectsNullAndNonStrings) {
  EXPECT_EQ(registration_errors_with("username", nullptr), (FieldErrors{{"username", {kNotNull}}}));
  EXPECT_EQ(registration_errors_with("email", 42), (FieldErrors{{"email", {kNotString}}}));
  EXPECT_EQ(registration_errors_with("first_name", true),
            (FieldErrors{{"first_name", {kNotString}}}));
  EXPECT_EQ(registration_errors_with("last_name", json::array({"Doe"})),
            (FieldErrors{{"last_name", {kNotString}}}));
  EXPECT_EQ(registration_errors_with("password_confirm", json::object()),
            (FieldErrors{{"password_confirm", {kNotString}}}));
}

TEST(Registration, RejectsBlankUsernameEmailAndPasswords) {
  for (const char* field : {"username", "email", "password", "password_confirm"}) {
    EXPECT_EQ(registration_errors_with(field, "").at(field), Messages{kBlank}) << field;
    EXPECT_EQ(registration_errors_with(field, " \t\u00A0").at(field), Messages{kBlank}) << field;
  }
}

TEST(Registration, AllowsBlankNames) {
  json body = registration_body();
  body["first_name"] = "";
  body["last_name"] = "   ";
  const auto result = validate_registration(body, testing::shipped_common_passwords());
  ASSERT_TRUE(result.ok()) << json(result.errors()).dump();
  EXPECT_EQ(result.value().first_name, "");
  EXPECT_EQ(result.value().last_name, "");
}

TEST(Registration, LimitsLengthsInCodePoints) {
  const std::string too_long = "Ensure this field has no more than 150 characters.";
  std::string accented_150;
  for (int i = 0; i < 150; ++i) accented_150 += "é";
  EXPECT_EQ(registration_errors_with("first_name", accented_150), FieldErrors{});
  EXPECT_EQ(registration_errors_with("first_name", accented_150 + "é"),
            (FieldErrors{{"first_name", {too_long}}}));
  EXPECT_EQ(registration_errors_with("last_name", std::string(151, 'x')),
            (FieldErrors{{"last_name", {too_long}}}));
  EXPECT_EQ(registration_errors_with("username", std::string(150, 'u')), FieldErrors{});
  EXPECT_EQ(registration_errors_with("username", std::string(151, 'u')),
            (FieldErrors{{"username", {too_long}}}));

  const std::string local_part(64, 'a');
  const std::string email_254 = local_part + "@" + std::string(63, 'b') + "." +
                                std::string(63, 'c') + "." + std::string(61, 'd');
  ASSERT_EQ(email_254.size(), 254u);
  EXPECT_EQ(registration_errors_with("email", email_254), FieldErrors{});
  EXPECT_EQ(registration_errors_with("email", email_254 + "d"),
            (FieldErrors{{"email", {"Ensure this field has no more than 254 characters."}}}));
}

TEST(Registration, RejectsNulCharacters) {
  EXPECT_EQ(registration_errors_with("last_name", std::string("Do\0e", 4)),
            (FieldErrors{{"last_name", {kNullCharacters}}}));
  EXPECT_EQ(registration_errors_with("username", std::string("jd\0e", 4)),
            (FieldErrors{{"username", {kNullCharacters, kBadUsername}}}));
}

TEST(Registration, AcceptsDjangoUsernames) {
  for (const char* username : {"jdoe", "j.doe+tag@x-y_z", "Zoë", "日本語", "user_42"}) {
    EXPECT_EQ(registration_errors_with("username", username), FieldErrors{}) << username;
  }
}

TEST(Registration, RejectsOtherUsernames) {
  for (const char* username : {"j doe", "jdoe!", "j/doe", "jdoe#1", "emoji\xF0\x9F\x94\x91"}) {
    EXPECT_EQ(registration_errors_with("username", username),
              (FieldErrors{{"username", {kBadUsername}}}))
        << username;
  }
}

TEST(Registration, AcceptsSaneEmails) {
  for (const char* email : {"a@b.co", "first.last+tag@mail.example.org", "o'brien@example.ie",
                            "x@xn--p1ai.xn--p1ai", "user@bücher.de", "a-b@sub-domain.example"}) {
    EXPECT_EQ(registration_errors_with("email", email), FieldErrors{}) << email;
  }
}

TEST(Registration, RejectsMalformedEmails) {
  for (const char* email : {"plainaddress",         "@example.com",       "jane@",
                            "jane@example",         "jane@@example.com",  "ja@ne@example.com",
                            "jane doe@example.com", "jane@exa mple.com",  ".jane@example.com",
                            "jane.@example.com",    "ja..ne@example.com", "jane@example..com",
                            "jane@.example.com",    "jane@example.com.",  "jane@-example.com",
                            "jane@example-.com",    "jane@example.c",     "jane@1.2.3.4",
                            "jané@example.com",     "jane@exam_ple.com"}) {
    EXPECT_EQ(registration_errors_with("email", email), (FieldErrors{{"email", {kBadEmail}}}))
        << email;
  }
  EXPECT_EQ(registration_errors_with("email", std::string(65, 'a') + "@example.com"),
            (FieldErrors{{"email", {kBadEmail}}}));
}

TEST(Registration, RequiresMatchingPasswords) {
  EXPECT_EQ(registration_errors_with("password_confirm", "violet-sky-43"),
            (FieldErrors{{"password_confirm", {kMismatch}}}));
  // Passwords are compared exactly as typed: no trimming.
  EXPECT_EQ(registration_errors_with("password_confirm", "violet-sky-42 "),
            (FieldErrors{{"password_confirm", {kMismatch}}}));
}

TEST(Registration, KeepsPasswordWhitespace) {
  json body = registration_body();
  body["password"] = body["password_confirm"] = " violet-sky-42 ";
  const auto result = validate_registration(body, testing::shipped_common_passwords());
  ASSERT_TRUE(result.ok()) << json(result.errors()).dump();
  EXPECT_EQ(result.value().password, " violet-sky-42 ");
}

TEST(Registration, AppliesThePasswordPolicyAgainstTheOtherFields) {
  json body = registration_body();
  body["password"] = body["password_confirm"] = "12345678";
  EXPECT_EQ(
      registration_errors(body),
      (FieldErrors{
          {"password", {"This password is too common.", "This password is entirely numeric."}}}));

  // Expected messages checked against Django's validate_password() with the same User fields.
  body["password"] = body["password_confirm"] = "Example1!";
  EXPECT_EQ(registration_errors(body),
            (FieldErrors{{"password", {"The password is too similar to the email address."}}}));
  body["username"] = "stargazer";
  body["password"] = body["password_confirm"] = "Stargazer#7";
  EXPECT_EQ(registration_errors(body),
            (FieldErrors{{"password", {"The password is too similar to the username."}}}));
}

TEST(Registration, ReportsEveryProblemAtOnce) {
  json body = registration_body();
  body["username"] = "bad name";
  body["email"] = "nope";
  body["password"] = "short";
  body["password_confirm"] = "other";
  body["is_staff"] = true;
  body.erase("last_name");
  EXPECT_EQ(
      registration_errors(body),
      (FieldErrors{
          {"username", {kBadUsername}},
          {"email", {kBadEmail}},
          {"last_name", {kRequired}},
          {"password", {"This password is too short. It must contain at least 8 characters."}},
          {"password_confirm", {kMismatch}},
          {"is_staff", {kUnexpected}},
      }));
}

TEST(Registration, RejectsUnknownFields) {
  EXPECT_EQ(registration_errors_with("is_verified", true),
            (FieldErrors{{"is_verified", {kUnexpected}}}));
  EXPECT_EQ(registration_errors_with("id", 1), (FieldErrors{{"id", {kUnexpected}}}));
}

// --- profile --------------------------------------------------------------------------------

TEST(ProfileUpdate, PatchTakesAnySubset) {
  const auto result = validate_profile_update({{"first_name", " Janet "}}, true);
  ASSERT_TRUE(result.ok()) << json(result.errors()).dump();
  EXPECT_EQ(result.value().first_name, "Janet");
  EXPECT_FALSE(result.value().username);
  EXPECT_FALSE(result.value().email);
  EXPECT_FALSE(result.value().last_name);

  const auto empty = validate_profile_update(json::object(), true);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty.value().first_name);
}

TEST(ProfileUpdate, PutRequiresAllFourFields) {
  const auto result = validate_profile_update({{"username", "jdoe"}}, false);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.errors(),
            (FieldErrors{
                {"email", {kRequired}}, {"first_name", {kRequired}}, {"last_name", {kRequired}}}));

  const auto full = validate_profile_update(
      {{"username", "jdoe"}, {"email", "j@d.io"}, {"first_name", ""}, {"last_name", "Doe"}}, false);
  ASSERT_TRUE(full.ok()) << json(full.errors()).dump();
  EXPECT_EQ(full.value().email, "j@d.io");
  EXPECT_EQ(full.value().first_name, "");
}

TEST(ProfileUpdate, IgnoresReadOnlyFields) {
  const json user_object = {{"id", 7},
                            {"username", "jdoe"},
                            {"email", "j@d.io"},
                            {"first_name", "J"},
                            {"last_name", "Doe"},
                            {"is_verified", true},
                            {"created_at", "2026-11-29T10:00:00Z"}};
  const auto result = validate_profile_update(user_object, false);
  ASSERT_TRUE(result.ok()) << json(result.errors()).dump();
  EXPECT_EQ(result.value().username, "jdoe");
}

TEST(ProfileUpdate, RejectsUnknownFieldsIncludingPassword) {
  const auto result = validate_profile_update({{"password", "x"}, {"nickname", "jd"}}, true);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.errors(),
            (FieldErrors{{"password", {kUnexpected}}, {"nickname", {kUnexpected}}}));
}

TEST(ProfileUpdate, AppliesTheFieldRules) {
  const auto result = validate_profile_update(
      {{"username", ""}, {"email", "not-an-email"}, {"first_name", nullptr}, {"last_name", 5}},
      true);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.errors(), (FieldErrors{{"username", {kBlank}},
                                          {"email", {kBadEmail}},
                                          {"first_name", {kNotNull}},
                                          {"last_name", {kNotString}}}));
  EXPECT_EQ(validate_profile_update({{"username", "a b"}}, true).errors(),
            (FieldErrors{{"username", {kBadUsername}}}));
}

TEST(ProfileUpdate, RejectsABodyThatIsNotAnObject) {
  EXPECT_EQ(
      validate_profile_update(json::array(), true).errors(),
      (FieldErrors{{"non_field_errors", {"Invalid data. Expected a dictionary, but got list."}}}));
}

// --- change password ------------------------------------------------------------------------

const UserAttributes kJane{
    .username = "jdoe", .email = "jane.doe@example.com", .first_name = "Jane", .last_name = "Doe"};

Validated<PasswordChange> change_password(const json& body) {
  return validate_change_password(body, kJane, testing::shipped_common_passwords());
}

TEST(ChangePassword, ReturnsTheTypedValues) {
  const auto result = change_password({{"old_password", " old one "},
                                       {"new_password", "violet-sky-42"},
                                       {"new_password_confirm", "violet-sky-42"}});
  ASSERT_TRUE(result.ok()) << json(result.errors()).dump();
  EXPECT_EQ(result.value().old_password, " old one ");
  EXPECT_EQ(result.value().new_password, "violet-sky-42");
}

TEST(ChangePassword, RequiresNonBlankStrings) {
  EXPECT_EQ(change_password(json::object()).errors(),
            (FieldErrors{{"old_password", {kRequired}},
                         {"new_password", {kRequired}},
                         {"new_password_confirm", {kRequired}}}));
  EXPECT_EQ(
      change_password(
          {{"old_password", ""}, {"new_password", 12345678}, {"new_password_confirm", nullptr}})
          .errors(),
      (FieldErrors{{"old_password", {kBlank}},
                   {"new_password", {kNotString}},
                   {"new_password_confirm", {kNotNull}}}));
}

TEST(ChangePassword, RequiresMatchingNewPasswords) {
  EXPECT_EQ(change_password({{"old_password", "old"},
                             {"new_password", "violet-sky-42"},
                             {"new_password_confirm", "violet-sky-24"}})
                .errors(),
            (FieldErrors{{"new_password_confirm", {kMismatch}}}));
}

TEST(ChangePassword, AppliesThePolicyAgainstTheStoredUser) {
  EXPECT_EQ(change_password({{"old_password", "old"},
                             {"new_password", "ExampleCom"},
                             {"new_password_confirm", "ExampleCom"}})
                .errors(),
            (FieldErrors{{"new_password", {"The password is too similar to the email address."}}}));
}

TEST(ChangePassword, RejectsUnknownFields) {
  EXPECT_EQ(change_password({{"old_password", "old"},
                             {"new_password", "violet-sky-42"},
                             {"new_password_confirm", "violet-sky-42"},
                             {"user_id", 3}})
                .errors(),
            (FieldErrors{{"user_id", {kUnexpected}}}));
}

// --- email key ------------------------------------------------------------------------------

TEST(NormalizeEmail, TrimsAndLowercasesTheWholeAddress) {
  EXPECT_EQ(normalize_email("  Jane.Doe@Example.COM\n"), "jane.doe@example.com");
  EXPECT_EQ(normalize_email("USER@BÜCHER.DE"), "user@bücher.de");
  EXPECT_EQ(normalize_email("bad\xFF"), "bad\xFF");
}

}  // namespace
}  // namespace taskflow::auth
