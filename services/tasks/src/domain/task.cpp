#include "domain/task.hpp"

#include <string_view>

namespace taskflow::tasks {
namespace {

nlohmann::json optional_timestamp_json(const std::optional<Timestamp>& timestamp) {
  if (!timestamp) return nullptr;
  return format_timestamp(*timestamp);
}

}  // namespace

Task make_task(const NewTask& input, std::int64_t user_id, Timestamp now) {
  return Task{.user_id = user_id,
              .title = input.title,
              .description = input.description,
              .priority = input.priority,
              .status = input.status,
              .due_date = input.due_date,
              .created_at = now,
              .updated_at = now,
              .completed_at = input.status == Status::done ? std::optional(now) : std::nullopt};
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
  if (changes.title) task.title = *changes.title;
  if (changes.description) task.description = *changes.description;
  if (changes.priority) task.priority = *changes.priority;
  if (changes.status) task.status = *changes.status;
  if (changes.due_date) task.due_date = *changes.due_date;
  task.completed_at = apply_status_change(old_status, task.status, task.completed_at, now);
  task.updated_at = now;
  return task;
}

bool has_visible_changes(const Task& before, const Task& after) {
  return before.title != after.title || before.description != after.description ||
         before.priority != after.priority || before.status != after.status ||
         before.due_date != after.due_date;
}

nlohmann::json task_to_json(const Task& task) {
  return {{"id", task.id},
          {"title", task.title},
          {"description", task.description},
          {"user_id", task.user_id},
          {"priority", std::string(to_string(task.priority))},
          {"status", std::string(to_string(task.status))},
          {"due_date", optional_timestamp_json(task.due_date)},
          {"created_at", format_timestamp(task.created_at)},
          {"updated_at", format_timestamp(task.updated_at)},
          {"completed_at", optional_timestamp_json(task.completed_at)}};
}

}  // namespace taskflow::tasks
