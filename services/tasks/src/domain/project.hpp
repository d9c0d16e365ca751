#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/timestamps.hpp"
#include "taskflow/validation/validated.hpp"

// Projects: what tasks belong to and members share. Every user has one personal project,
// created on first need (by the database: migrations/0006_projects.sql, personal_project_of),
// never shared, archived or deleted, where the original single-user behaviour stands.
namespace taskflow::tasks {

// Each role includes the ones before it (docs/openapi.yaml, Teams).
enum class Role { viewer, editor, admin, owner };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

inline constexpr std::size_t kMaxProjectNameLength = 100;
inline constexpr std::size_t kMaxProjectDescriptionLength = 10000;
inline constexpr std::string_view kDefaultProjectColor = "#6366f1";

struct Project {
  std::int64_t id = 0;  // 0 until the database assigns one
  std::string name;
  std::string description;
  std::string color;  // #rrggbb
  // The user whose personal project this is; nullopt for a shared one.
  std::optional<std::int64_t> personal_owner_id;
  bool archived = false;
  Timestamp created_at;
  Timestamp updated_at;

  bool is_personal() const { return personal_owner_id.has_value(); }
};

// A project as one member sees it: their role, and how many members it has.
struct ProjectView {
  Project project;
  Role role = Role::viewer;
  std::int64_t member_count = 0;
};

struct NewProject {
  std::string name;
  std::string description;
  std::string color{kDefaultProjectColor};
};

struct ProjectChanges {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> color;
  std::optional<bool> archived;
};

// name: required, 1..kMaxProjectNameLength characters after trimming; description optional;
// color "#rrggbb" (any case, stored lower case). The read-only fields of the project object may
// be sent back and are ignored; other unknown fields are errors, as for tasks.
validation::Validated<NewProject> validate_project_create(const nlohmann::json& body);
// PATCH: every field optional; archived a boolean.
validation::Validated<ProjectChanges> validate_project_update(const nlohmann::json& body);

// A color as the API takes it: "#rrggbb" in any case, returned lower case; otherwise "Enter a
// color as #rrggbb." under "color".
std::optional<std::string> read_color(const nlohmann::json& value, validation::FieldErrors& errors);

Project make_project(const NewProject& input, Timestamp now);
Project apply_changes(Project project, const ProjectChanges& changes, Timestamp now);

// Why a change a role allows is still refused for this project (a personal project is never
// archived); nullopt when it may go ahead.
std::optional<std::string_view> personal_project_refusal(const Project& project,
                                                         const ProjectChanges& changes);

nlohmann::json project_to_json(const ProjectView& view);

}  // namespace taskflow::tasks
