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
  // One pass over the template, replacing the first "{actor}" and the first "{title}" in it: a
  // title or a name holding a placeholder stays as written (replacing one placeholder after the
  // other would expand a "{title}" in the actor's name and leave the template's own).
  const std::string_view text = notification.message;
  std::string message;
  bool actor_done = false;
  bool title_done = false;
  for (std::size_t at = 0; at < text.size();) {
    const std::string_view rest = text.substr(at);
    if (!actor_done && rest.starts_with(kActorPlaceholder)) {
      message += actor;
      at += kActorPlaceholder.size();
      actor_done = true;
    } else if (!title_done && rest.starts_with(kTitlePlaceholder)) {
      message += title;
      at += kTitlePlaceholder.size();
      title_done = true;
    } else {
      message += text[at++];
    }
  }
  return message;
}

}  // namespace taskflow::events
