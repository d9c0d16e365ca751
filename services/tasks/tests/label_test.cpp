#include "domain/label.hpp"

#include <gtest/gtest.h>

namespace taskflow::tasks {
namespace {

using nlohmann::json;

TEST(ValidateLabelCreate, AppliesTheDefaultColorAndTrims) {
  auto label = validate_label_create(json{{"name", "  bug "}});
  ASSERT_TRUE(label.ok());
  EXPECT_EQ(label.value().name, "bug");
  EXPECT_EQ(label.value().color, kDefaultLabelColor);
}

TEST(ValidateLabelCreate, StoresTheColorLowerCase) {
  auto label = validate_label_create(json{{"name", "ux"}, {"color", "#AABBCC"}, {"id", 9}});
  ASSERT_TRUE(label.ok());
  EXPECT_EQ(label.value().color, "#aabbcc");
}

TEST(ValidateLabelCreate, RefusesWhatIsNotALabel) {
  auto missing = validate_label_create(json::object());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.errors().at("name").front(), "This field is required.");
  auto too_long = validate_label_create(json{{"name", std::string(51, 'x')}});
  ASSERT_FALSE(too_long.ok());
  EXPECT_TRUE(too_long.errors().contains("name"));
  auto bad_color = validate_label_create(json{{"name", "x"}, {"color", "red"}});
  ASSERT_FALSE(bad_color.ok());
  EXPECT_EQ(bad_color.errors().at("color").front(), "Enter a color as #rrggbb.");
  auto unknown = validate_label_create(json{{"name", "x"}, {"project_id", 3}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(unknown.errors().contains("project_id"));
  EXPECT_FALSE(validate_label_create(json::array()).ok());
}

TEST(ValidateLabelUpdate, TakesAnySubset) {
  auto empty = validate_label_update(json::object());
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty.value().name);
  auto blank = validate_label_update(json{{"name", " "}});
  ASSERT_FALSE(blank.ok());
}

TEST(ApplyChanges, ChangesOnlyWhatWasSent) {
  const Label label{.id = 4, .project_id = 2, .name = "bug", .color = "#000000"};
  const auto renamed = apply_changes(label, LabelChanges{.name = "defect", .color = {}});
  EXPECT_EQ(renamed.name, "defect");
  EXPECT_EQ(renamed.color, "#000000");
  EXPECT_EQ(label_to_json(renamed), (json{{"id", 4}, {"name", "defect"}, {"color", "#000000"}}));
}

}  // namespace
}  // namespace taskflow::tasks
