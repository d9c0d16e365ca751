// The event catalogue's readers on any text: parse_event_type accepts exactly the names of the
// catalogue, and render_message puts a task's title and an actor's name (the first and second
// line of the input, any bytes) into every template as written, never expanding placeholders
// they hold.
#include <cstddef>
#include <cstdint>
#include <string>

#include "taskflow/events/catalogue.hpp"
#include "taskflow/testing/fuzz.hpp"

namespace events = taskflow::events;
using taskflow::testing::fuzz_text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = fuzz_text(data, size);
  if (const auto type = events::parse_event_type(input)) {
    TASKFLOW_FUZZ_CHECK(events::event_type_name(*type) == input);
    TASKFLOW_FUZZ_CHECK(!events::routing_key_for(*type).empty());
  }

  const std::size_t newline = input.find('\n');
  const auto title = input.substr(0, newline);
  const auto actor =
      newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
  for (const auto& spec : events::catalogue()) {
    TASKFLOW_FUZZ_CHECK(events::parse_event_type(spec.name) == spec.type);
    if (!spec.notification) continue;
    const std::string message = events::render_message(*spec.notification, title, actor);
    const std::string_view template_text = spec.notification->message;
    if (template_text.find("{title}") != std::string_view::npos) {
      TASKFLOW_FUZZ_CHECK(message.find(title) != std::string::npos);
    }
    if (template_text.find("{actor}") != std::string_view::npos) {
      TASKFLOW_FUZZ_CHECK(message.find(actor) != std::string::npos);
    }
    TASKFLOW_FUZZ_CHECK(message.size() <= template_text.size() + title.size() + actor.size());
  }
  return 0;
}
