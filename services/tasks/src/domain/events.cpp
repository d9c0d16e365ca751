#include "domain/events.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "taskflow/events/message.hpp"
#include "taskflow/text/ascii.hpp"

namespace taskflow::tasks {

nlohmann::json make_event(EventType type, std::string_view event_id, Timestamp occurred_at,
                          std::int64_t user_id, nlohmann::json data,
                          const std::optional<EventAudience>& audience) {
  auto message =
      events::make_message(type, event_id, format_timestamp(occurred_at), user_id, std::move(data));
  if (audience) {
    message["audience"] = {
        {"actor_id", audience->actor_id ? nlohmann::json(*audience->actor_id) : nullptr},
        {"personal", audience->personal},
        {"member_ids", audience->member_ids},
        {"action", audience->action},
        {"quiet", audience->quiet},
        {"assigned_ids", audience->assigned_ids},
        {"mentioned_ids", audience->mentioned_ids},
        {"actor_name", audience->actor_name}};
  }
  return message;
}

std::vector<std::int64_t> newly_assigned(const Task& before, const Task& after) {
  std::vector<std::int64_t> added;
  for (const auto user : after.assignee_ids) {
    if (std::find(before.assignee_ids.begin(), before.assignee_ids.end(), user) ==
        before.assignee_ids.end()) {
      added.push_back(user);
    }
  }
  return added;
}

namespace {

bool is_username_character(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return std::isalnum(byte) || c == '@' || c == '.' || c == '+' || c == '-' || c == '_' ||
         byte >= 0x80;
}

}  // namespace

std::vector<std::string> mentioned_usernames(std::string_view content) {
  std::vector<std::string> names;
  for (std::size_t at = 0; at < content.size() && names.size() < kMaxMentions; ++at) {
    if (content[at] != '@' || (at > 0 && is_username_character(content[at - 1]))) continue;
    std::size_t end = at + 1;
    while (end < content.size() && is_username_character(content[end])) ++end;
    auto name = content.substr(at + 1, end - at - 1);
    while (!name.empty() && name.back() == '.') name.remove_suffix(1);
    at = end - 1;
    if (name.empty()) continue;
    auto lowered = text::to_lower_ascii(name);
    if (std::find(names.begin(), names.end(), lowered) == names.end()) names.push_back(lowered);
  }
  return names;
}

std::optional<EventType> event_for_update(const Task& before, const Task& after) {
  if (before.status != Status::done && after.status == Status::done) {
    return EventType::task_completed;
  }
  if (has_visible_changes(before, after)) return EventType::task_updated;
  return std::nullopt;
}

}  // namespace taskflow::tasks
