#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "taskflow/events/event_type.hpp"  // generated: kExchange and enum class EventType

// The events on kExchange, from libs/events/catalogue.json (also read by the stack tests): the
// task events the tasks service publishes and the notifications service turns into
// notifications, and the user events the auth service publishes for the tasks service's user
// directory (they notify nobody).
namespace taskflow::events {

// What a notification for an event says. message holds "{title}" for the task's title (and
// perhaps "{actor}" for who acted); level is the notification's "type" (info, success,
// warning, error).
struct NotificationTemplate {
  std::string_view title;
  std::string_view message;
  std::string_view level;
};

struct EventSpec {
  EventType type;
  std::string_view name;         // the message's "type" and the notification's event_type
  std::string_view routing_key;  // task.created, ..., user.registered, ...
  std::optional<NotificationTemplate> notification;  // none: the event notifies nobody
};

// Every event, in the catalogue's order.
std::span<const EventSpec> catalogue();
const EventSpec& spec(EventType type);
std::optional<EventType> parse_event_type(std::string_view name);

std::string_view event_type_name(EventType type);
std::string_view routing_key_for(EventType type);

// The template's message with "{title}" replaced by the task's title and "{actor}" by who acted.
std::string render_message(const NotificationTemplate& notification, std::string_view title,
                           std::string_view actor = "");

}  // namespace taskflow::events
