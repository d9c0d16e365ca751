#include "domain/task_validation.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_set>

#include "taskflow/validation/fields.hpp"

namespace taskflow::tasks {
namespace {

using nlohmann::json;
using validation::add_error;
using validation::find_field;
using validation::is_object_or_report;
using validation::kNotNull;
using validation::kRequired;
using validation::python_type_name;
using validation::read_string;
using validation::reject_unknown_fields;
using validation::StringField;
constexpr std::string_view kBadDatetime =
    "Datetime has wrong format. Use one of these formats instead: "
    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";
constexpr std::string_view kNotInteger = "A valid integer is required.";
constexpr std::string_view kEmptyList = "This list may not be empty.";

constexpr StringField kTitle{.name = "title", .max_code_points = kMaxTitleLength};
constexpr StringField kDescription{
    .name = "description", .max_code_points = kMaxDescriptionLength, .allow_blank = true};
constexpr StringField kContent{.name = "content", .max_code_points = kMaxCommentLength};

constexpr std::string_view kPriority = "priority";
constexpr std::string_view kStatus = "status";
constexpr std::string_view kDueDate = "due_date";
constexpr std::string_view kTaskIds = "task_ids";
constexpr std::string_view kProjectId = "project_id";
constexpr std::string_view kUpdates = "updates";
constexpr std::string_view kAssigneeIds = "assignee_ids";
constexpr std::string_view kLabelIds = "label_ids";

constexpr std::array kTaskFields{kProjectId, kTitle.name, kDescription.name, kPriority,
                                 kStatus,    kDueDate,    kAssigneeIds,      kLabelIds};
constexpr std::array kBulkUpdatableFields{kStatus, kPriority, kDueDate};
// What GET returns besides the writable fields (the detail view adds comments, attachments).
constexpr std::array kReadOnlyTaskFields{
    std::string_view{"id"},           std::string_view{"user_id"},
    std::string_view{"created_at"},   std::string_view{"updated_at"},
    std::string_view{"completed_at"}, std::string_view{"comments"},
    std::string_view{"attachments"},  std::string_view{"position"}};
constexpr std::array kCommentFields{kContent.name};
constexpr std::array kReadOnlyCommentFields{std::string_view{"id"}, std::string_view{"user_id"},
                                            std::string_view{"created_at"},
                                            std::string_view{"updated_at"}};
constexpr std::array kBulkFields{kTaskIds, kUpdates};
constexpr std::string_view kAfterId = "after_id";
constexpr std::array kMoveFields{kStatus, kAfterId};

bool contains(std::span<const std::string_view> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// DRF's ChoiceField: the message quotes the value as sent (non-strings as JSON text).
template <typename Enum>
std::optional<Enum> read_choice(const json& value, std::string_view field,
                                std::optional<Enum> (*parse)(std::string_view),
                                validation::FieldErrors& errors) {
  if (value.is_null()) {
    add_error(errors, field, kNotNull);
    return std::nullopt;
  }
  const std::string sent = value.is_string() ? value.get<std::string>() : value.dump();
  const auto choice = value.is_string() ? parse(sent) : std::nullopt;
  if (!choice) add_error(errors, field, "\"" + sent + "\" is not a valid choice.");
  return choice;
}

// null clears the date. The outer nullopt means the value was rejected.
std::optional<std::optional<Timestamp>> read_due_date(const json& value,
                                                      validation::FieldErrors& errors) {
  if (value.is_null()) return std::optional<Timestamp>();
  const auto parsed =
      value.is_string() ? parse_timestamp(value.get_ref<const std::string&>()) : std::nullopt;
  if (!parsed) {
    add_error(errors, kDueDate, kBadDatetime);
    return std::nullopt;
  }
  return std::optional<Timestamp>(parsed);
}

// A list of row ids, such as assignee_ids: a JSON array of at most `max_items` ids, repeats
// dropped (first seen kept).
std::optional<std::vector<std::int64_t>> read_id_list(const json& value, std::string_view field,
                                                      std::size_t max_items,
                                                      validation::FieldErrors& errors) {
  if (value.is_null()) {
    add_error(errors, field, kNotNull);
    return std::nullopt;
  }
  if (!value.is_array()) {
    add_error(errors, field,
              "Expected a list of items but got type \"" + python_type_name(value) + "\".");
    return std::nullopt;
  }
  if (value.size() > max_items) {
    add_error(errors, field,
              "Ensure this field has no more than " + std::to_string(max_items) + " elements.");
    return std::nullopt;
  }
  std::vector<std::int64_t> ids;
  bool valid = true;
  for (std::size_t index = 0; index < value.size(); ++index) {
    const auto prefix = "Item " + std::to_string(index) + ": ";
    if (value[index].is_null()) {
      add_error(errors, field, prefix + std::string(kNotInteger));
      valid = false;
      continue;
    }
    const auto id = validation::read_id(value[index], field, errors, prefix);
    if (!id) {
      valid = false;
    } else if (std::find(ids.begin(), ids.end(), *id) == ids.end()) {
      ids.push_back(*id);
    }
  }
  if (!valid) return std::nullopt;
  return ids;
}

// On create, a null project_id, like a missing one, means the personal project.
enum class NullProject { refused, means_personal };

// The fields present in an object already checked for unknown fields.
TaskChanges read_changes(const json& body, validation::FieldErrors& errors,
                         NullProject null_project = NullProject::refused) {
  TaskChanges changes;
  const json* project_id = find_field(body, kProjectId);
  if (project_id && !(project_id->is_null() && null_project == NullProject::means_personal)) {
    changes.project_id = validation::read_id(*project_id, kProjectId, errors);
  }
  if (const json* title = find_field(body, kTitle.name)) {
    changes.title = read_string(*title, kTitle, errors);
  }
  if (const json* description = find_field(body, kDescription.name)) {
    changes.description = read_string(*description, kDescription, errors);
  }
  if (const json* priority = find_field(body, kPriority)) {
    changes.priority = read_choice(*priority, kPriority, parse_priority, errors);
  }
  if (const json* status = find_field(body, kStatus)) {
    changes.status = read_choice(*status, kStatus, parse_status, errors);
  }
  if (const json* due_date = find_field(body, kDueDate)) {
    changes.due_date = read_due_date(*due_date, errors);
  }
  if (const json* assignees = find_field(body, kAssigneeIds)) {
    changes.assignee_ids = read_id_list(*assignees, kAssigneeIds, kMaxAssignees, errors);
  }
  if (const json* labels = find_field(body, kLabelIds)) {
    changes.label_ids = read_id_list(*labels, kLabelIds, kMaxTaskLabels, errors);
  }
  return changes;
}

std::optional<std::int64_t> read_task_id(const json& item, std::size_t index,
                                         validation::FieldErrors& errors) {
  // A null item is not an integer either, as DRF's ListField(child=IntegerField()) says.
  if (item.is_null()) {
    add_error(errors, kTaskIds, "Item " + std::to_string(index) + ": " + std::string(kNotInteger));
    return std::nullopt;
  }
  return validation::read_id(item, kTaskIds, errors, "Item " + std::to_string(index) + ": ");
}

std::vector<std::int64_t> read_task_ids(const json& body, validation::FieldErrors& errors) {
  const json* ids = find_field(body, kTaskIds);
  if (!ids) {
    add_error(errors, kTaskIds, kRequired);
    return {};
  }
  if (ids->is_null()) {
    add_error(errors, kTaskIds, kNotNull);
    return {};
  }
  if (!ids->is_array()) {
    add_error(errors, kTaskIds,
              "Expected a list of items but got type \"" + python_type_name(*ids) + "\".");
    return {};
  }
  if (ids->empty()) {
    add_error(errors, kTaskIds, kEmptyList);
    return {};
  }
  if (ids->size() > kMaxBulkTaskIds) {
    add_error(
        errors, kTaskIds,
        "Ensure this field has no more than " + std::to_string(kMaxBulkTaskIds) + " elements.");
    return {};
  }
  std::vector<std::int64_t> task_ids;
  std::unordered_set<std::int64_t> seen;
  for (std::size_t index = 0; index < ids->size(); ++index) {
    const auto id = read_task_id((*ids)[index], index, errors);
    if (id && seen.insert(*id).second) task_ids.push_back(*id);
  }
  return task_ids;
}

TaskChanges read_bulk_changes(const json& body, validation::FieldErrors& errors) {
  const json* updates = find_field(body, kUpdates);
  if (!updates) {
    add_error(errors, kUpdates, kRequired);
    return {};
  }
  if (updates->is_null()) {
    add_error(errors, kUpdates, kNotNull);
    return {};
  }
  if (!updates->is_object()) {
    add_error(
        errors, kUpdates,
        "Expected a dictionary of items but got type \"" + python_type_name(*updates) + "\".");
    return {};
  }
  if (updates->empty()) {
    add_error(errors, kUpdates, "This dictionary may not be empty.");
    return {};
  }
  json updatable = json::object();
  for (const auto& item : updates->items()) {
    if (contains(kBulkUpdatableFields, item.key())) {
      updatable[item.key()] = item.value();
    } else {
      add_error(errors, kUpdates,
                "Field \"" + item.key() +
                    "\" cannot be bulk updated. Allowed fields: status, priority, due_date.");
    }
  }
  // The single-update rules, with their messages moved under "updates".
  validation::FieldErrors field_errors;
  TaskChanges changes = read_changes(updatable, field_errors);
  for (const auto& [field, messages] : field_errors) {
    for (const std::string& message : messages) add_error(errors, kUpdates, field + ": " + message);
  }
  return changes;
}

}  // namespace

validation::Validated<NewTask> validate_task_create(const json& body) {
  validation::FieldErrors errors;
  if (!is_object_or_report(body, errors)) return errors;
  reject_unknown_fields(body, kTaskFields, kReadOnlyTaskFields, errors);
  if (!body.contains(kTitle.name)) add_error(errors, kTitle.name, kRequired);
  const TaskChanges fields = read_changes(body, errors, NullProject::means_personal);
  if (!errors.empty()) return errors;
  return NewTask{.project_id = fields.project_id,
                 .title = *fields.title,
                 .description = fields.description.value_or(""),
                 .priority = fields.priority.value_or(Priority::medium),
                 .status = fields.status.value_or(Status::todo),
                 .due_date = fields.due_date.value_or(std::nullopt),
                 .assignee_ids = fields.assignee_ids.value_or(std::vector<std::int64_t>{}),
                 .label_ids = fields.label_ids.value_or(std::vector<std::int64_t>{})};
}

validation::Validated<TaskChanges> validate_task_update(const json& body, bool partial) {
  validation::FieldErrors errors;
  if (!is_object_or_report(body, errors)) return errors;
  reject_unknown_fields(body, kTaskFields, kReadOnlyTaskFields, errors);
  if (!partial && !body.contains(kTitle.name)) {
    add_error(errors, kTitle.name, kRequired);
  }
  TaskChanges changes = read_changes(body, errors);
  if (!errors.empty()) return errors;
  return changes;
}

validation::Validated<BulkUpdate> validate_bulk_update(const json& body) {
  validation::FieldErrors errors;
  if (!is_object_or_report(body, errors)) return errors;
  reject_unknown_fields(body, kBulkFields, {}, errors);
  BulkUpdate update{.task_ids = read_task_ids(body, errors),
                    .changes = read_bulk_changes(body, errors)};
  if (!errors.empty()) return errors;
  return update;
}

validation::Validated<BoardMove> validate_board_move(const json& body) {
  validation::FieldErrors errors;
  if (!is_object_or_report(body, errors)) return errors;
  reject_unknown_fields(body, kMoveFields, {}, errors);
  BoardMove move;
  if (const json* status = find_field(body, kStatus)) {
    move.status = read_choice(*status, kStatus, parse_status, errors);
  }
  const json* after_id = find_field(body, kAfterId);
  if (!after_id) {
    add_error(errors, kAfterId, kRequired);
  } else if (!after_id->is_null()) {
    move.after_id = validation::read_id(*after_id, kAfterId, errors);
  }
  if (!errors.empty()) return errors;
  return move;
}

validation::Validated<NewComment> validate_comment(const json& body) {
  validation::FieldErrors errors;
  if (!is_object_or_report(body, errors)) return errors;
  reject_unknown_fields(body, kCommentFields, kReadOnlyCommentFields, errors);
  const json* content = find_field(body, kContent.name);
  if (!content) add_error(errors, kContent.name, kRequired);
  auto checked = content ? read_string(*content, kContent, errors) : std::nullopt;
  if (!errors.empty()) return errors;
  return NewComment{.content = std::move(*checked)};
}

}  // namespace taskflow::tasks
