// The expected messages are what Django 3.2's validate_password() (default validators, in
// settings order) returned for the same password and User(username=..., email=...,
// first_name=..., last_name=...), run with Debian's /usr/bin/python3.
#include "domain/password_policy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace taskflow::auth {
namespace {

using Messages = std::vector<std::string>;

const std::string kTooShort = "This password is too short. It must contain at least 8 characters.";
const std::string kTooLong = "This password is too long. It must not exceed 4096 bytes in UTF-8.";
const std::string kTooCommon = "This password is too common.";
const std::string kNumeric = "This password is entirely numeric.";
const std::string kNotUtf8 = "Password must be valid UTF-8.";

const UserAttributes kJohn{.username = "johnsmith",
                           .email = "john.smith@example.com",
                           .first_name = "John",
                           .last_name = "Smith"};

Messages check(std::string_view password, const UserAttributes& user = {}) {
  return validate_password(password, user, testing::shipped_common_passwords());
}

std::string too_similar(const std::string& verbose_name) {
  return "The password is too similar to the " + verbose_name + ".";
}

TEST(PasswordPolicy, AcceptsAGoodPassword) {
  EXPECT_EQ(check("correct horse battery staple", kJohn), Messages{});
  EXPECT_EQ(check("abcdefghijk", {.username = "abcdefghxyzw"}), Messages{});
}

TEST(PasswordPolicy, RequiresEightCodePointsNotBytes) {
  EXPECT_EQ(check("Ab1!xyz"), Messages{kTooShort});
  EXPECT_EQ(check("pässwörd"), Messages{});                 // 8 code points, 10 bytes
  EXPECT_EQ(check("日本語のパスワ"), Messages{kTooShort});  // 7 code points, 21 bytes
  EXPECT_EQ(check("Ab1!xyz\xF0\x9F\x94\x91"), Messages{});  // the emoji is one code point
}

TEST(PasswordPolicy, CapsTheLengthInBytes) {
  EXPECT_EQ(check(std::string(4096, 'a')), Messages{});
  EXPECT_EQ(check(std::string(4097, 'a')), Messages{kTooLong});
  std::string two_byte_characters;
  for (int i = 0; i < 2049; ++i) two_byte_characters += "\xC3\xA9";  // 'é' * 2049: 4098 bytes
  EXPECT_EQ(check(two_byte_characters), Messages{kTooLong});
}

TEST(PasswordPolicy, RejectsEntirelyNumericPasswordsInAnyScript) {
  EXPECT_EQ(check("3141592653589"), Messages{kNumeric});
  EXPECT_EQ(check("１２３４５６７８９０"), Messages{kNumeric});  // fullwidth digits
  EXPECT_EQ(check("3141592653589a"), Messages{});
}

TEST(PasswordPolicy, RejectsCommonPasswordsLowercasedAndStripped) {
  EXPECT_EQ(check("password"), Messages{kTooCommon});
  EXPECT_EQ(check("PassWord"), Messages{kTooCommon});
  EXPECT_EQ(check("PASSWORD"), Messages{kTooCommon});
  EXPECT_EQ(check(" password "), Messages{kTooCommon});
  EXPECT_EQ(check("password\u00A0"), Messages{kTooCommon});  // NO-BREAK SPACE is stripped too
  EXPECT_EQ(check("qwertyuiop"), Messages{kTooCommon});
  EXPECT_EQ(check("passwordx"), Messages{});
}

TEST(PasswordPolicy, ReportsEveryFailedRuleInDjangosOrder) {
  EXPECT_EQ(check("12345678"), (Messages{kTooCommon, kNumeric}));
  EXPECT_EQ(check("1234"), (Messages{kTooShort, kTooCommon, kNumeric}));
  EXPECT_EQ(check("mon\u212Aey"), (Messages{kTooShort, kTooCommon}));  // KELVIN SIGN lowers to k
  EXPECT_EQ(check("mnbvcxzlkj", {.username = "mnbvcxzpoi"}), Messages{too_similar("username")});
}

TEST(PasswordPolicy, RejectsPasswordsSimilarToEachAttribute) {
  EXPECT_EQ(check("JohnSmith1", kJohn), Messages{too_similar("username")});
  EXPECT_EQ(check("alexandra99", {.first_name = "Alexandra"}), Messages{too_similar("first name")});
  EXPECT_EQ(check("wildcat2024", {.last_name = "Wildcat"}), Messages{too_similar("last name")});
  EXPECT_EQ(check("examplecom", {.email = "john.smith@example.com"}),
            Messages{too_similar("email address")});
}

TEST(PasswordPolicy, ReportsOnlyTheFirstSimilarAttribute) {
  EXPECT_EQ(check("alexandra99", {.username = "alexandra", .first_name = "Alexandra"}),
            Messages{too_similar("username")});
}

TEST(PasswordPolicy, ComparesEmailAsAWholeAndByPiecesNotByLocalPart) {
  // Django splits on \W+: 'smith', 'john', 'x', 'org' and the whole address, but never
  // 'smith.john' on its own, which would have been too similar.
  EXPECT_EQ(check("smithjohn!", {.email = "smith.john@x.org"}), Messages{});
  EXPECT_EQ(check("johnsmith.example", {.email = "johnsmith@example.com"}),
            Messages{too_similar("email address")});
}

TEST(PasswordPolicy, SimilarityIgnoresOrderLikeQuickRatio) {
  EXPECT_EQ(check("htimsnhoj", kJohn), Messages{too_similar("username")});
}

TEST(PasswordPolicy, SimilarityLowercasesUnicodeLikePython) {
  EXPECT_EQ(check("MÜLLER2024", {.username = "Müller"}), Messages{too_similar("username")});
  EXPECT_EQ(check("JEAN-FRANÇOIS1", {.first_name = "Jean-François"}),
            Messages{too_similar("first name")});
  // 'ΑΒΣ'.lower() ends in a final sigma, so it matches 'αβς' but not 'αβσ'.
  EXPECT_EQ(check("ΑΒΣ", {.first_name = "αβς"}), (Messages{too_similar("first name"), kTooShort}));
  EXPECT_EQ(check("ΑΒΣ", {.first_name = "αβσ"}), Messages{kTooShort});
}

TEST(PasswordPolicy, KeepsDjangosEmptyPieceQuirk) {
  // 'x.' splits into 'x' and '', and quick_ratio('', '') is 1.0.
  EXPECT_EQ(check("", {.username = "x."}), (Messages{too_similar("username"), kTooShort}));
  EXPECT_EQ(check("abc", {.username = ".."}), (Messages{kTooShort, kTooCommon}));
}

TEST(PasswordPolicy, SkipsEmptyAttributes) {
  EXPECT_EQ(check("", {}), Messages{kTooShort});
}

TEST(PasswordPolicy, RejectsInvalidUtf8OnItsOwn) {
  EXPECT_EQ(check("password\xFF"), Messages{kNotUtf8});
  EXPECT_EQ(check("\xC0\x80\xC0\x80\xC0\x80\xC0\x80"), Messages{kNotUtf8});
}

}  // namespace
}  // namespace taskflow::auth
