#include "domain/notification.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace taskflow::notifications {
namespace {

struct Template {
  std::string_view title;
  std::string_view message;  // "{}" is the task's title
  std::string_view type;
};

Template template_for(EventKind kind) {
  switch (kind) {
    case EventKind::task_created:
      return {"New Task Created", "A new task \"{}\" has been created.", "info"};
    case EventKind::task_updated:
      return {"Task Updated", "Task \"{}\" has been updated.", "info"};
    case EventKind::task_completed:
      return {"Task Completed", "Task \"{}\" has been completed!", "success"};
    case EventKind::task_due_soon:
      return {"Task Due Soon", "Task \"{}\" is due soon.", "warning"};
    case EventKind::task_overdue:
      return {"Task Overdue", "Task \"{}\" is overdue.", "error"};
    case EventKind::comment_added:
      return {"New Comment", "A new comment was added to task \"{}\".", "info"};
    case EventKind::task_deleted:
      break;
  }
  return {"Task Deleted", "Task \"{}\" has been deleted.", "info"};  // never made: see event.hpp
}

}  // namespace

Notification make_notification(const TaskEvent& event, std::chrono::system_clock::time_point now) {
  auto chosen = template_for(event.kind);
  return Notification{
      .id = event.id,
      .title = std::string(chosen.title),
      .message = fmt::format(fmt::runtime(chosen.message), event.task_title),
      .type = std::string(chosen.type),
      .event_type = std::string(event_kind_name(event.kind)),
      .task_id = event.task_id,
      .created_at = format_utc(event.occurred_at.value_or(now)),
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
          {"read", read}};
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
