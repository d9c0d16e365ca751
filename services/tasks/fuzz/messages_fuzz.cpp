// The tasks service's decoders of what it reads back from RabbitMQ and Redis, and of
// timestamps. The first byte picks what the rest is:
//   '0' a user event body (parse_user_event);
//   '1' a timestamp (parse_timestamp), then format_timestamp;
//   '2' a cached task summary (decode_summary).
// Nothing may throw; an accepted user event has what the directory needs; an accepted
// timestamp formats to text that parses to the same instant (and formats the same again); a
// decoded summary encodes back to the same summary.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "domain/task_summary.hpp"
#include "domain/timestamps.hpp"
#include "domain/user_event.hpp"
#include "taskflow/testing/fuzz.hpp"

namespace tasks = taskflow::tasks;
using taskflow::testing::fuzz_text;
using taskflow::testing::split_mode;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [mode, input] = split_mode(fuzz_text(data, size), 3);
  switch (mode) {
    case 0: {
      const auto parsed = tasks::parse_user_event(input);
      if (const auto* event = std::get_if<tasks::UserEvent>(&parsed)) {
        TASKFLOW_FUZZ_CHECK(!event->id.empty() && event->user_id >= 1);
        TASKFLOW_FUZZ_CHECK(!event->username.empty() && !event->email.empty());
      } else {
        TASKFLOW_FUZZ_CHECK(!std::get<tasks::InvalidUserEvent>(parsed).reason.empty());
      }
      break;
    }
    case 1:
      if (const auto timestamp = tasks::parse_timestamp(input)) {
        const std::string formatted = tasks::format_timestamp(*timestamp);
        const auto again = tasks::parse_timestamp(formatted);
        TASKFLOW_FUZZ_CHECK(again && *again == *timestamp);
        TASKFLOW_FUZZ_CHECK(tasks::format_timestamp(*again) == formatted);
      }
      break;
    default:
      if (const auto summary = tasks::decode_summary(input)) {
        TASKFLOW_FUZZ_CHECK(tasks::decode_summary(tasks::encode_summary(*summary)) == summary);
      }
      break;
  }
  return 0;
}
