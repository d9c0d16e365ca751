#include "domain/notification.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace taskflow::notifications {

Notification make_notification(const TaskEvent& event, std::chrono::system_clock::time_point now) {
  const auto& chosen = *events::spec(event.kind).notification;
  return Notification{
      .id = event.id,
      .title = std::string(chosen.title),
      .message = events::render_message(chosen, event.task_title,
                                        event.audience ? event.audience->actor_name : ""),
      .type = std::string(chosen.level),
      .event_type = std::string(event_type_name(event.kind)),
      .task_id = event.task_id,
      .created_at = format_utc(event.occurred_at.value_or(now)),
      .actor_id = event.audience ? event.audience->actor_id : std::nullopt,
  };
}

nlohmann::json to_json(const Notification& notification, bool read) {
  return {{"id", notification.id},
          {"title", notification.title},
          {"message", notification.message},
          {"type", notification.type},
          {"event_type", notification.event_type},
          {"task_id", notification.task_id},
          {"created_at", notification.created_at},
          {"read", read},
          {"actor_id", notification.actor_id ? nlohmann::json(*notification.actor_id) : nullptr}};
}

std::string format_utc(std::chrono::system_clock::time_point at) {
  auto micros = std::chrono::floor<std::chrono::microseconds>(at);
  auto seconds = std::chrono::floor<std::chrono::seconds>(micros);
  auto fraction = (micros - seconds).count();
  auto whole =
      fmt::format("{:%Y-%m-%dT%H:%M:%S}", fmt::gmtime(std::chrono::system_clock::to_time_t(
                                              std::chrono::system_clock::time_point(seconds))));
  if (fraction == 0) return whole + "Z";
  return fmt::format("{}.{:06d}Z", whole, fraction);
}

std::string unread_count_frame(std::int64_t unread_count) {
  return nlohmann::json{{"type", "unread_count"}, {"unread_count", unread_count}}.dump();
}

}  // namespace taskflow::notifications
