#include "taskflow/validation/fields.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace taskflow::validation {
namespace {

using nlohmann::json;

constexpr StringField kTitle{.name = "title", .max_code_points = 5};

TEST(Validated, HoldsTheValueOrTheErrors) {
  Validated<int> value(7);
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value.value(), 7);
  Validated<int> failed(FieldErrors{{"x", {"bad"}}});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.errors().at("x").front(), "bad");
}

TEST(FirstProblem, NamesTheFieldAndItsFirstMessage) {
  EXPECT_EQ(first_problem({{"password", {"This password is too common.", "Too short."}},
                           {"email", {"Enter a valid email address."}}}),
            "email: Enter a valid email address.");
  EXPECT_EQ(first_problem({{"title", {}}, {"status", {"\"x\" is not a valid choice."}}}),
            "status: \"x\" is not a valid choice.");
}

TEST(FirstProblem, GivesABodyProblemFirstAndAlone) {
  EXPECT_EQ(first_problem({{"a", {"No."}}, {"non_field_errors", {"Expected a dictionary."}}}),
            "Expected a dictionary.");
}

TEST(FirstProblem, StillSaysSomethingWithoutMessages) {
  EXPECT_EQ(first_problem({}), "Validation failed.");
}

TEST(PythonTypeName, NamesWhatDrfWouldHaveParsed) {
  EXPECT_EQ(python_type_name(json::object()), "dict");
  EXPECT_EQ(python_type_name(json::array()), "list");
  EXPECT_EQ(python_type_name("s"), "str");
  EXPECT_EQ(python_type_name(true), "bool");
  EXPECT_EQ(python_type_name(1.5), "float");
  EXPECT_EQ(python_type_name(-1), "int");
  EXPECT_EQ(python_type_name(nullptr), "NoneType");
}

TEST(IsObjectOrReport, FilesANonFieldErrorForAnythingButAnObject) {
  FieldErrors errors;
  EXPECT_TRUE(is_object_or_report(json::object(), errors));
  EXPECT_TRUE(errors.empty());
  EXPECT_FALSE(is_object_or_report(json::array(), errors));
  EXPECT_EQ(errors.at(std::string(kNonFieldErrors)),
            std::vector<std::string>{"Invalid data. Expected a dictionary, but got list."});
}

TEST(RejectUnknownFields, FlagsOnlyFieldsNeitherAcceptedNorIgnored) {
  constexpr std::array<std::string_view, 1> accepted{"title"};
  constexpr std::array<std::string_view, 1> ignored{"id"};
  FieldErrors errors;
  reject_unknown_fields(json{{"title", "a"}, {"id", 1}, {"owner", 2}}, accepted, ignored, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.at("owner"), std::vector<std::string>{std::string(kUnexpected)});
}

TEST(ReadString, TrimsPythonWhitespace) {
  FieldErrors errors;
  EXPECT_EQ(read_string(json("\u00A0 abc \t"), kTitle, errors), "abc");
  EXPECT_TRUE(errors.empty());
}

TEST(ReadString, KeepsUntrimmedFieldsAsTyped) {
  FieldErrors errors;
  EXPECT_EQ(read_string(json(" pw "), StringField{.name = "password", .trim = false}, errors),
            " pw ");
}

TEST(ReadString, RejectsNullNonStringsInvalidUtf8AndBlanks) {
  FieldErrors errors;
  EXPECT_FALSE(read_string(nullptr, kTitle, errors));
  EXPECT_EQ(errors.at("title").back(), kNotNull);
  EXPECT_FALSE(read_string(json(3), kTitle, errors));
  EXPECT_EQ(errors.at("title").back(), kNotString);
  EXPECT_FALSE(read_string(json("\xFF"), kTitle, errors));
  EXPECT_EQ(errors.at("title").back(), kNotString);
  EXPECT_FALSE(read_string(json("  "), kTitle, errors));
  EXPECT_EQ(errors.at("title").back(), kBlank);
}

TEST(ReadString, AllowsBlanksWhenAsked) {
  FieldErrors errors;
  EXPECT_EQ(read_string(json(" "), StringField{.name = "d", .allow_blank = true}, errors), "");
  EXPECT_TRUE(errors.empty());
}

TEST(ReadString, CountsCodePointsNotBytesAndReturnsTheValueEvenWhenTooLong) {
  FieldErrors errors;
  EXPECT_EQ(read_string(json("\u00E9\u00E9\u00E9\u00E9\u00E9"), kTitle, errors),
            "\u00E9\u00E9\u00E9\u00E9\u00E9");
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(read_string(json("abcdef"), kTitle, errors), "abcdef");
  EXPECT_EQ(errors.at("title"),
            std::vector<std::string>{"Ensure this field has no more than 5 characters."});
}

TEST(ReadString, RejectsNulCharacters) {
  FieldErrors errors;
  read_string(json(std::string("a\0b", 3)), kTitle, errors);
  EXPECT_EQ(errors.at("title"), std::vector<std::string>{std::string(kNullCharacters)});
}

TEST(ReadRequiredString, FilesRequiredForAMissingMember) {
  FieldErrors errors;
  EXPECT_FALSE(read_required_string(json::object(), kTitle, errors));
  EXPECT_EQ(errors.at("title"), std::vector<std::string>{std::string(kRequired)});
  EXPECT_EQ(read_required_string(json{{"title", "x"}}, kTitle, errors), "x");
}

}  // namespace
}  // namespace taskflow::validation
