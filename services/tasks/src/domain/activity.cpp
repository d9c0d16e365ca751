#include "domain/activity.hpp"

#include <array>

#include "taskflow/text/utf8.hpp"

namespace taskflow::tasks {
namespace {

using nlohmann::json;

constexpr std::array kActions{ActivityAction::created,   ActivityAction::updated,
                              ActivityAction::moved,     ActivityAction::deleted,
                              ActivityAction::commented, ActivityAction::attached};
constexpr std::array<std::string_view, kActions.size()> kActionNames{
    "created", "updated", "moved", "deleted", "commented", "attached"};

// The fields a client writes, as the task object shows them.
constexpr std::array<std::string_view, 10> kTrackedFields{
    "project_id", "title",        "description", "priority", "status",
    "due_date",   "assignee_ids", "label_ids",   "position", "completed_at"};

// How much of a comment an entry quotes.
constexpr std::size_t kQuotedCodePoints = 200;

std::string quoted_start(std::string_view text) {
  const auto code_points = text::decode_utf8_lossy(text);
  if (code_points.size() <= kQuotedCodePoints) return text::to_valid_utf8(text);
  return text::encode_utf8(code_points.substr(0, kQuotedCodePoints)) + "…";
}

ActivityEntry entry_for(ActivityAction action, const Task& task, std::int64_t actor, Timestamp at,
                        json changes) {
  return ActivityEntry{.project_id = task.project_id,
                       .task_id = task.id,
                       .actor_id = actor,
                       .action = action,
                       .changes = std::move(changes),
                       .created_at = at};
}

}  // namespace

std::string_view to_string(ActivityAction action) {
  return kActionNames[static_cast<std::size_t>(action)];
}

std::optional<ActivityAction> parse_activity_action(std::string_view text) {
  for (const auto action : kActions) {
    if (to_string(action) == text) return action;
  }
  return std::nullopt;
}

json task_changes(const Task& before, const Task& after) {
  const auto old_fields = task_to_json(before);
  const auto new_fields = task_to_json(after);
  json changes = json::object();
  for (const auto field : kTrackedFields) {
    const std::string name(field);
    if (old_fields.at(name) != new_fields.at(name)) {
      changes[name] = json::array({old_fields.at(name), new_fields.at(name)});
    }
  }
  return changes;
}

ActivityEntry created_entry(const Task& task, std::int64_t actor, Timestamp at) {
  return entry_for(ActivityAction::created, task, actor, at,
                   {{"title", json::array({nullptr, text::to_valid_utf8(task.title)})}});
}

ActivityEntry changed_entry(ActivityAction action, const Task& before, const Task& after,
                            std::int64_t actor, Timestamp at) {
  return entry_for(action, after, actor, at, task_changes(before, after));
}

ActivityEntry deleted_entry(const Task& task, std::int64_t actor, Timestamp at) {
  return entry_for(ActivityAction::deleted, task, actor, at,
                   {{"title", json::array({text::to_valid_utf8(task.title), nullptr})}});
}

ActivityEntry commented_entry(const Task& task, const Comment& comment, Timestamp at) {
  return entry_for(ActivityAction::commented, task, comment.user_id, at,
                   {{"comment", json::array({nullptr, quoted_start(comment.content)})}});
}

ActivityEntry attached_entry(const Task& task, const Attachment& attachment, Timestamp at) {
  return entry_for(
      ActivityAction::attached, task, attachment.user_id, at,
      {{"attachment", json::array({nullptr, text::to_valid_utf8(attachment.file_name)})}});
}

json activity_to_json(const ActivityEntry& entry) {
  return {{"id", entry.id},
          {"actor", {{"id", entry.actor_id}, {"username", entry.actor_username}}},
          {"task_id", entry.task_id},
          {"action", to_string(entry.action)},
          {"changes", entry.changes},
          {"created_at", format_timestamp(entry.created_at)}};
}

}  // namespace taskflow::tasks
