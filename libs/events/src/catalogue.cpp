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

std::string render_message(const NotificationTemplate& notification, std::string_view title) {
  std::string message(notification.message);
  if (auto at = message.find(kTitlePlaceholder); at != std::string::npos) {
    message.replace(at, kTitlePlaceholder.size(), title);
  }
  return message;
}

}  // namespace taskflow::events
