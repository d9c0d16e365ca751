#include "domain/live_cursor.hpp"

#include <algorithm>

namespace taskflow::notifications {

void LiveCursor::take_unseen(const LiveFrames& message, std::vector<std::string>& out) {
  if (message.seq) {
    if (*message.seq <= seen_) return;
    seen_ = *message.seq;
  }
  out.insert(out.end(), message.frames.begin(), message.frames.end());
}

std::vector<std::string> LiveCursor::on_live(const LiveFrames& message) {
  std::vector<std::string> out;
  if (replays_ > 0 && message.seq) {
    waiting_.push_back(message);
  } else {
    take_unseen(message, out);
  }
  return out;
}

std::vector<std::string> LiveCursor::finish_replay(const std::optional<LiveReplay>& replay) {
  std::vector<std::string> out;
  if (replays_ == 0) return out;
  if (replay && replay->complete) {
    for (const auto& message : replay->messages) take_unseen(message, out);
  } else {
    if (replay) seen_ = std::max(seen_, replay->head);
    out.push_back(resync_frame(seen_));
  }
  if (--replays_ > 0) return out;
  for (const auto& message : waiting_) take_unseen(message, out);
  waiting_.clear();
  return out;
}

}  // namespace taskflow::notifications
