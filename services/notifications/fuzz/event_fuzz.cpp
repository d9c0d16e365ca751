// The notifications service's decoders of what arrives from RabbitMQ and Redis pub/sub. The
// first byte picks the function, the rest is its input:
//   '0' parse_message (an event body), then who it notifies and the live frame it makes;
//   '1' parse_utc (an event's occurred_at);
//   '2' parse_live_message, then the frames it makes;
//   '3' parse_live_change, then its payload written out again.
// Nothing may throw; a task event never notifies its actor; every frame is a JSON object; a
// live change written out again parses to the same change.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/event.hpp"
#include "domain/live_message.hpp"
#include "taskflow/testing/fuzz.hpp"

namespace notifications = taskflow::notifications;
using taskflow::testing::fuzz_text;
using taskflow::testing::split_mode;

namespace {

bool is_json_object(std::string_view text) {
  return nlohmann::json::parse(text, nullptr, false).is_object();
}

void check_message(std::string_view body) {
  const auto parsed = notifications::parse_message(body);
  if (const auto* poison = std::get_if<notifications::PoisonMessage>(&parsed)) {
    TASKFLOW_FUZZ_CHECK(!poison->reason.empty());
    return;
  }
  if (const auto* silent = std::get_if<notifications::SilentEvent>(&parsed)) {
    TASKFLOW_FUZZ_CHECK(!silent->id.empty());
    return;
  }
  const auto& event = std::get<notifications::TaskEvent>(parsed);
  TASKFLOW_FUZZ_CHECK(!event.id.empty());
  TASKFLOW_FUZZ_CHECK(event.task.is_object());
  const auto recipients = notifications::notification_recipients(event);
  if (event.audience && !event.audience->personal && event.audience->actor_id) {
    TASKFLOW_FUZZ_CHECK(std::find(recipients.begin(), recipients.end(),
                                  *event.audience->actor_id) == recipients.end());
  }
  if (const auto frame = notifications::task_changed_frame(event)) {
    TASKFLOW_FUZZ_CHECK(is_json_object(*frame));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [mode, input] = split_mode(fuzz_text(data, size), 4);
  switch (mode) {
    case 0:
      check_message(input);
      break;
    case 1:
      if (notifications::parse_utc(input)) {
        TASKFLOW_FUZZ_CHECK(input.size() >= 20 && input.back() == 'Z');
      }
      break;
    case 2:
      if (const auto message = notifications::parse_live_message(input)) {
        for (const auto& frame : notifications::frames_for(*message)) {
          TASKFLOW_FUZZ_CHECK(is_json_object(frame));
        }
      }
      break;
    default:
      if (const auto change = notifications::parse_live_change(input)) {
        TASKFLOW_FUZZ_CHECK(is_json_object(change->frame));
        TASKFLOW_FUZZ_CHECK(change->seqs.empty() || change->seqs.size() == change->user_ids.size());
        for (const auto& seq : change->seqs) {
          TASKFLOW_FUZZ_CHECK(notifications::parse_stream_id(seq.text()) == seq);
        }
      }
      break;
  }
  return 0;
}
