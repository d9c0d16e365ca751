#include "domain/task.hpp"

#include <algorithm>
#include <string_view>

#include "taskflow/text/utf8.hpp"

namespace taskflow::tasks {
Task make_task(const NewTask& input, std::int64_t user_id, std::int64_t project_id, Timestamp now,
               std::string position) {
  return Task{.user_id = user_id,
              .project_id = project_id,
              .title = input.title,
              .description = input.description,
              .priority = input.priority,
              .status = input.status,
              .due_date = input.due_date,
              .created_at = now,
              .updated_at = now,
              .completed_at = input.status == Status::done ? std::optional(now) : std::nullopt,
              .assignee_ids = input.assignee_ids,
              .label_ids = input.label_ids,
              .position = std::move(position)};
}

std::optional<Timestamp> apply_status_change(Status old_status, Status new_status,
                                             std::optional<Timestamp> old_completed_at,
                                             Timestamp now) {
  if (new_status != Status::done) return std::nullopt;
  if (old_status == Status::done && old_completed_at) return old_completed_at;
  return now;
}

Task apply_changes(Task task, const TaskChanges& changes, Timestamp now) {
  const Status old_status = task.status;
  if (changes.project_id && *changes.project_id != task.project_id) {
    task.project_id = *changes.project_id;
    task.label_ids.clear();
  }
  if (changes.title) task.title = *changes.title;
  if (changes.description) task.description = *changes.description;
  if (changes.priority) task.priority = *changes.priority;
  if (changes.status) task.status = *changes.status;
  if (changes.due_date) task.due_date = *changes.due_date;
  if (changes.assignee_ids) task.assignee_ids = *changes.assignee_ids;
  if (changes.label_ids) task.label_ids = *changes.label_ids;
  if (changes.position) task.position = *changes.position;
  task.completed_at = apply_status_change(old_status, task.status, task.completed_at, now);
  task.updated_at = now;
  return task;
}

void keep_assignees_among(Task& task, const std::vector<std::int64_t>& members) {
  std::erase_if(task.assignee_ids, [&](std::int64_t user) {
    return std::find(members.begin(), members.end(), user) == members.end();
  });
}

bool has_visible_changes(const Task& before, const Task& after) {
  return before.project_id != after.project_id || before.title != after.title ||
         before.description != after.description || before.priority != after.priority ||
         before.status != after.status || before.due_date != after.due_date ||
         before.assignee_ids != after.assignee_ids || before.label_ids != after.label_ids ||
         before.position != after.position;
}

namespace {

void append_ids(std::string& out, const std::vector<std::int64_t>& ids) {
  out += '[';
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  out += ']';
}

}  // namespace

void append_task_members(std::string& out, const Task& task) {
  auto timestamp = [&out](const std::optional<Timestamp>& at) {
    if (at) {
      out += '"';
      out += format_timestamp(*at);
      out += '"';
    } else {
      out += "null";
    }
  };
  out += "\"id\":";
  out += std::to_string(task.id);
  out += ",\"title\":";
  text::append_json_string(out, task.title);
  out += ",\"description\":";
  text::append_json_string(out, task.description);
  out += ",\"user_id\":";
  out += std::to_string(task.user_id);
  out += ",\"project_id\":";
  out += std::to_string(task.project_id);
  out += ",\"priority\":\"";
  out += to_string(task.priority);
  out += "\",\"status\":\"";
  out += to_string(task.status);
  out += "\",\"due_date\":";
  timestamp(task.due_date);
  out += ",\"created_at\":";
  timestamp(task.created_at);
  out += ",\"updated_at\":";
  timestamp(task.updated_at);
  out += ",\"completed_at\":";
  timestamp(task.completed_at);
  out += ",\"assignee_ids\":";
  append_ids(out, task.assignee_ids);
  out += ",\"label_ids\":";
  append_ids(out, task.label_ids);
  // Keys are digits and letters only (domain/board_position.hpp): nothing to escape.
  out += ",\"position\":\"";
  out += task.position;
  out += '"';
}

std::string task_json_text(const Task& task) {
  std::string out = "{";
  append_task_members(out, task);
  out += '}';
  return out;
}

namespace {

// As append_json_string writes strings: invalid UTF-8 becomes U+FFFD, so both forms agree and
// the value can always be dumped.
std::string valid_utf8(std::string_view bytes) {
  if (text::decode_utf8(bytes)) return std::string(bytes);
  return text::to_valid_utf8(bytes);
}

nlohmann::json optional_timestamp(const std::optional<Timestamp>& at) {
  if (!at) return nullptr;
  return format_timestamp(*at);
}

}  // namespace

nlohmann::json task_to_json(const Task& task) {
  return {{"id", task.id},
          {"title", valid_utf8(task.title)},
          {"description", valid_utf8(task.description)},
          {"user_id", task.user_id},
          {"project_id", task.project_id},
          {"priority", to_string(task.priority)},
          {"status", to_string(task.status)},
          {"due_date", optional_timestamp(task.due_date)},
          {"created_at", format_timestamp(task.created_at)},
          {"updated_at", format_timestamp(task.updated_at)},
          {"completed_at", optional_timestamp(task.completed_at)},
          {"assignee_ids", task.assignee_ids},
          {"label_ids", task.label_ids},
          {"position", task.position}};
}

}  // namespace taskflow::tasks
