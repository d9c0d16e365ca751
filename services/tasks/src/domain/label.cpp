#include "domain/label.hpp"

#include <array>

#include "domain/project.hpp"
#include "taskflow/validation/fields.hpp"

namespace taskflow::tasks {
namespace {

using nlohmann::json;
using validation::find_field;

constexpr validation::StringField kName{.name = "name", .max_code_points = kMaxLabelNameLength};
constexpr std::string_view kColor = "color";
constexpr std::array kFields{kName.name, kColor};
constexpr std::array kReadOnlyFields{std::string_view{"id"}};

LabelChanges read_changes(const json& body, validation::FieldErrors& errors) {
  LabelChanges changes;
  if (const json* name = find_field(body, kName.name)) {
    changes.name = validation::read_string(*name, kName, errors);
  }
  if (const json* color = find_field(body, kColor)) changes.color = read_color(*color, errors);
  return changes;
}

}  // namespace

validation::Validated<NewLabel> validate_label_create(const json& body) {
  validation::FieldErrors errors;
  if (!validation::is_object_or_report(body, errors)) return errors;
  validation::reject_unknown_fields(body, kFields, kReadOnlyFields, errors);
  if (!find_field(body, kName.name))
    validation::add_error(errors, kName.name, validation::kRequired);
  auto fields = read_changes(body, errors);
  if (!errors.empty()) return errors;
  return NewLabel{.name = std::move(*fields.name),
                  .color = fields.color.value_or(std::string(kDefaultLabelColor))};
}

validation::Validated<LabelChanges> validate_label_update(const json& body) {
  validation::FieldErrors errors;
  if (!validation::is_object_or_report(body, errors)) return errors;
  validation::reject_unknown_fields(body, kFields, kReadOnlyFields, errors);
  auto changes = read_changes(body, errors);
  if (!errors.empty()) return errors;
  return changes;
}

Label apply_changes(Label label, const LabelChanges& changes) {
  if (changes.name) label.name = *changes.name;
  if (changes.color) label.color = *changes.color;
  return label;
}

json label_to_json(const Label& label) {
  return {{"id", label.id}, {"name", label.name}, {"color", label.color}};
}

}  // namespace taskflow::tasks
