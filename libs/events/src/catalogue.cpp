#include "taskflow/events/catalogue.hpp"

#include <array>
#include <cstddef>

namespace taskflow::events {
namespace {

#include "catalogue_table.inc"

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kCatalogue.size(); ++i) {
    if (static_cast<std::size_t>(kCatalogue[i].type) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "spec() indexes the catalogue by EventType");

constexpr std::string_view kTitlePlaceholder = "{title}";
constexpr std::string_view kActorPlaceholder = "{actor}";

void replace_first(std::string& text, std::string_view placeholder, std::string_view value) {
  if (auto at = text.find(placeholder); at != std::string::npos) {
    text.replace(at, placeholder.size(), value);
  }
}

}  // namespace

std::span<const EventSpec> catalogue() {
  return kCatalogue;
}

const EventSpec& spec(EventType type) {
  return kCatalogue[static_cast<std::size_t>(type)];
}

std::optional<EventType> parse_event_type(std::string_view name) {
  for (const auto& event : kCatalogue) {
    if (event.name == name) return event.type;
  }
  return std::nullopt;
}

std::string_view event_type_name(EventType type) {
  return spec(type).name;
}

std::string_view routing_key_for(EventType type) {
  return spec(type).routing_key;
}

std::string render_message(const NotificationTemplate& notification, std::string_view title,
                           std::string_view actor) {
  std::string message(notification.message);
  // The actor first: a title holding "{actor}" stays as written.
  replace_first(message, kActorPlaceholder, actor);
  replace_first(message, kTitlePlaceholder, title);
  return message;
}

}  // namespace taskflow::events
