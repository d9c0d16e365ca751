#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/live_message.hpp"

namespace taskflow::notifications {

// One socket's place in its user's live stream, and what it is sent: each message at most
// once and in stream order. While a replay of what it missed is in flight, live messages wait
// for it, so none overtakes an older one still being read. A socket starts replaying (from
// where it resumes, or from the head when it opened).
class LiveCursor {
 public:
  explicit LiveCursor(StreamId seen) : seen_(seen) {}

  // The frames to send now for a live message (none if seen, or waiting for a replay). A
  // message without a place in the stream is sent at once.
  std::vector<std::string> on_live(const LiveFrames& message);

  void begin_replay() { ++replays_; }

  // The frames to send when a replay ends: the replayed messages not seen yet, or, when the
  // replay is incomplete or failed (nullopt), a resync frame (the client reloads); then, once
  // no replay is left in flight, the live messages that waited.
  std::vector<std::string> finish_replay(const std::optional<LiveReplay>& replay);

  StreamId seen() const { return seen_; }
  bool replaying() const { return replays_ > 0; }

 private:
  void take_unseen(const LiveFrames& message, std::vector<std::string>& out);

  StreamId seen_;
  int replays_ = 1;
  std::vector<LiveFrames> waiting_;
};

}  // namespace taskflow::notifications
