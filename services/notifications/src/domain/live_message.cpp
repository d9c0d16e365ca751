#include "domain/live_message.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "domain/notification.hpp"

namespace taskflow::notifications {
namespace {

std::optional<std::uint64_t> parse_decimal(std::string_view digits) {
  if (digits.empty() || digits.size() > 20) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<StreamId> stream_id_member(const nlohmann::json& value) {
  if (!value.is_string()) return std::nullopt;
  return parse_stream_id(value.get_ref<const std::string&>());
}

constexpr auto kDump = [](const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
};

}  // namespace

std::string StreamId::text() const {
  return std::to_string(ms) + "-" + std::to_string(seq);
}

std::optional<StreamId> parse_stream_id(std::string_view text) {
  auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto ms = parse_decimal(text.substr(0, dash));
  auto seq = parse_decimal(text.substr(dash + 1));
  if (!ms || !seq) return std::nullopt;
  return StreamId{.ms = *ms, .seq = *seq};
}

std::optional<LiveMessage> parse_live_message(std::string_view payload) {
  auto json = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  auto user = json.find("user_id");
  auto unread = json.find("unread_count");
  if (user == json.end() || !user->is_number_integer() || unread == json.end() ||
      !unread->is_number_integer()) {
    return std::nullopt;
  }
  LiveMessage message{.user_id = user->get<std::int64_t>(),
                      .unread_count = unread->get<std::int64_t>(),
                      .notification = std::nullopt,
                      .seq = std::nullopt};
  if (auto notification = json.find("notification"); notification != json.end()) {
    if (!notification->is_object()) return std::nullopt;
    message.notification = notification->dump();
  }
  if (auto seq = json.find("seq"); seq != json.end()) {
    message.seq = stream_id_member(*seq);
    if (!message.seq) return std::nullopt;
  }
  return message;
}

std::vector<std::string> frames_for(const LiveMessage& message) {
  std::vector<std::string> frames;
  if (message.notification) frames.push_back(*message.notification);
  frames.push_back(unread_count_frame(message.unread_count));
  return frames;
}

std::optional<LiveChange> parse_live_change(std::string_view payload) {
  auto json = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  auto users = json.find("user_ids");
  auto frame = json.find("frame");
  if (users == json.end() || !users->is_array() || frame == json.end() || !frame->is_object()) {
    return std::nullopt;
  }
  LiveChange change;
  for (const auto& user : *users) {
    if (!user.is_number_integer()) return std::nullopt;
    change.user_ids.push_back(user.get<std::int64_t>());
  }
  change.frame = kDump(*frame);
  if (auto seqs = json.find("seqs"); seqs != json.end()) {
    if (!seqs->is_array() || seqs->size() != change.user_ids.size()) return std::nullopt;
    for (const auto& value : *seqs) {
      auto seq = stream_id_member(value);
      if (!seq) return std::nullopt;
      change.seqs.push_back(*seq);
    }
  }
  return change;
}

LiveFrames live_frames(std::optional<StreamId> seq, std::vector<std::string> frames) {
  if (seq && !frames.empty()) {
    auto last = nlohmann::json::parse(frames.back(), nullptr, /*allow_exceptions=*/false);
    if (last.is_object()) {
      last["seq"] = seq->text();
      frames.back() = kDump(last);
    }
  }
  return {.seq = seq, .frames = std::move(frames)};
}

std::optional<LiveFrames> live_frames_of_entry(const StreamId& id, std::string_view field,
                                               std::string_view value) {
  if (field == "message") {
    auto message = parse_live_message(value);
    if (!message) return std::nullopt;
    return live_frames(id, frames_for(*message));
  }
  if (field == "change") {
    auto frame = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
    if (!frame.is_object()) return std::nullopt;
    return live_frames(id, {kDump(frame)});
  }
  return std::nullopt;
}

bool replay_is_complete(const ReplayBounds& bounds) {
  const auto window = static_cast<std::uint64_t>(bounds.window.count());
  return bounds.after.ms + window > bounds.redis_now_ms && bounds.after <= bounds.head &&
         bounds.found <= bounds.limit;
}

std::string resync_frame(const StreamId& head) {
  return nlohmann::json{{"type", "resync"}, {"seq", head.text()}}.dump();
}

}  // namespace taskflow::notifications
