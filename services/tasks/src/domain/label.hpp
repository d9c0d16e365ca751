#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "taskflow/validation/validated.hpp"

// A project's labels, which its tasks carry by id (Task::label_ids).
namespace taskflow::tasks {

inline constexpr std::size_t kMaxLabelNameLength = 50;
inline constexpr std::string_view kDefaultLabelColor = "#64748b";
// More than a board can show; keeps a task's row and a label picker bounded.
inline constexpr std::size_t kMaxLabelsPerProject = 200;

struct Label {
  std::int64_t id = 0;  // 0 until the database assigns one
  std::int64_t project_id = 0;
  std::string name;
  std::string color;  // #rrggbb
};

struct NewLabel {
  std::string name;
  std::string color{kDefaultLabelColor};
};

struct LabelChanges {
  std::optional<std::string> name;
  std::optional<std::string> color;
};

// name: 1..kMaxLabelNameLength characters after trimming, unique in the project (the database
// decides: app/label_store.hpp); color "#rrggbb", any case, stored lower case. id may be sent back
// and is ignored.
validation::Validated<NewLabel> validate_label_create(const nlohmann::json& body);
validation::Validated<LabelChanges> validate_label_update(const nlohmann::json& body);

Label apply_changes(Label label, const LabelChanges& changes);

nlohmann::json label_to_json(const Label& label);

}  // namespace taskflow::tasks
