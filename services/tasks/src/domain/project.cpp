#include "domain/project.hpp"

#include <array>
#include <cctype>

#include "taskflow/text/ascii.hpp"
#include "taskflow/validation/fields.hpp"

namespace taskflow::tasks {
namespace {

using nlohmann::json;
using validation::add_error;
using validation::find_field;
using validation::read_string;
using validation::StringField;

constexpr std::array kRoles{Role::viewer, Role::editor, Role::admin, Role::owner};
constexpr std::array<std::string_view, kRoles.size()> kRoleNames{"viewer", "editor", "admin",
                                                                 "owner"};

constexpr StringField kName{.name = "name", .max_code_points = kMaxProjectNameLength};
constexpr StringField kDescription{
    .name = "description", .max_code_points = kMaxProjectDescriptionLength, .allow_blank = true};
constexpr std::string_view kColor = "color";
constexpr std::string_view kArchived = "archived";

constexpr std::array kCreateFields{kName.name, kDescription.name, kColor};
constexpr std::array kUpdateFields{kName.name, kDescription.name, kColor, kArchived};
constexpr std::array kReadOnlyFields{
    std::string_view{"id"},         std::string_view{"is_personal"},
    std::string_view{"role"},       std::string_view{"member_count"},
    std::string_view{"created_at"}, std::string_view{"updated_at"}};

bool is_hex_color(std::string_view text) {
  if (text.size() != 7 || text[0] != '#') return false;
  for (const char c : text.substr(1)) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

ProjectChanges read_changes(const json& body, validation::FieldErrors& errors) {
  ProjectChanges changes;
  if (const json* name = find_field(body, kName.name)) {
    changes.name = read_string(*name, kName, errors);
  }
  if (const json* description = find_field(body, kDescription.name)) {
    changes.description = read_string(*description, kDescription, errors);
  }
  if (const json* color = find_field(body, kColor)) changes.color = read_color(*color, errors);
  if (const json* archived = find_field(body, kArchived)) {
    if (archived->is_boolean()) {
      changes.archived = archived->get<bool>();
    } else {
      add_error(errors, kArchived, "Must be a valid boolean.");
    }
  }
  return changes;
}

}  // namespace

std::optional<std::string> read_color(const json& value, validation::FieldErrors& errors) {
  if (!value.is_string() || !is_hex_color(value.get_ref<const std::string&>())) {
    add_error(errors, kColor, "Enter a color as #rrggbb.");
    return std::nullopt;
  }
  return text::to_lower_ascii(value.get_ref<const std::string&>());
}

std::string_view to_string(Role role) {
  return kRoleNames[static_cast<std::size_t>(role)];
}

std::optional<Role> parse_role(std::string_view text) {
  for (const Role role : kRoles) {
    if (to_string(role) == text) return role;
  }
  return std::nullopt;
}

validation::Validated<NewProject> validate_project_create(const json& body) {
  validation::FieldErrors errors;
  if (!validation::is_object_or_report(body, errors)) return errors;
  validation::reject_unknown_fields(body, kCreateFields, kReadOnlyFields, errors);
  if (!find_field(body, kName.name)) add_error(errors, kName.name, validation::kRequired);
  const auto fields = read_changes(body, errors);
  if (!errors.empty()) return errors;
  return NewProject{.name = *fields.name,
                    .description = fields.description.value_or(""),
                    .color = fields.color.value_or(std::string(kDefaultProjectColor))};
}

validation::Validated<ProjectChanges> validate_project_update(const json& body) {
  validation::FieldErrors errors;
  if (!validation::is_object_or_report(body, errors)) return errors;
  validation::reject_unknown_fields(body, kUpdateFields, kReadOnlyFields, errors);
  auto changes = read_changes(body, errors);
  if (!errors.empty()) return errors;
  return changes;
}

Project make_project(const NewProject& input, Timestamp now) {
  return Project{.name = input.name,
                 .description = input.description,
                 .color = input.color,
                 .created_at = now,
                 .updated_at = now};
}

Project apply_changes(Project project, const ProjectChanges& changes, Timestamp now) {
  if (changes.name) project.name = *changes.name;
  if (changes.description) project.description = *changes.description;
  if (changes.color) project.color = *changes.color;
  if (changes.archived) project.archived = *changes.archived;
  project.updated_at = now;
  return project;
}

std::optional<std::string_view> personal_project_refusal(const Project& project,
                                                         const ProjectChanges& changes) {
  if (project.is_personal() && changes.archived.value_or(false)) {
    return "A personal project cannot be archived.";
  }
  return std::nullopt;
}

json project_to_json(const ProjectView& view) {
  const Project& project = view.project;
  return {{"id", project.id},
          {"name", project.name},
          {"description", project.description},
          {"color", project.color},
          {"is_personal", project.is_personal()},
          {"archived", project.archived},
          {"role", to_string(view.role)},
          {"member_count", view.member_count},
          {"created_at", format_timestamp(project.created_at)},
          {"updated_at", format_timestamp(project.updated_at)}};
}

}  // namespace taskflow::tasks
