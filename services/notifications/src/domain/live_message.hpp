#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What one instance tells all the others over Redis pub/sub: a user's new notification and/or
// unread count, to be pushed to that user's sockets wherever they are connected.
namespace taskflow::notifications {

// A position in a user's live stream (the Redis stream entry id "<ms>-<seq>"): every live
// message a user gets is kept there for a while under such an id, so a socket can resume after
// the last one it saw. Ordered as Redis orders them.
struct StreamId {
  std::uint64_t ms = 0;
  std::uint64_t seq = 0;
  auto operator<=>(const StreamId&) const = default;
  std::string text() const;
};

// "<ms>-<seq>", both decimal without sign (at most 20 digits); nullopt otherwise.
std::optional<StreamId> parse_stream_id(std::string_view text);

struct LiveMessage {
  std::int64_t user_id = 0;
  std::int64_t unread_count = 0;
  std::optional<std::string> notification;  // the notification object as JSON text
  std::optional<StreamId> seq;              // its place in the user's live stream
};

// {"user_id": 7, "unread_count": 3[, "notification": {...}][, "seq": "<id>"]}; nullopt when
// malformed.
std::optional<LiveMessage> parse_live_message(std::string_view payload);

// The frames a socket gets for it: the notification (if any), then the unread count.
std::vector<std::string> frames_for(const LiveMessage& message);

// A change to a project's task, for each member's sockets: {"user_ids": [...], "frame": {...}
// [, "seqs": ["<id>", ...]]}, seqs[i] being the change's place in user_ids[i]'s live stream
// (the store publishes one per member, with its seq).
struct LiveChange {
  std::vector<std::int64_t> user_ids;
  std::string frame;           // JSON text
  std::vector<StreamId> seqs;  // empty, or one per user
};

// nullopt when malformed.
std::optional<LiveChange> parse_live_change(std::string_view payload);

// What a socket is sent for one live message: its frames, the last one marked with the
// message's "seq" (a client that saw it has seen the whole message and resumes after it).
struct LiveFrames {
  std::optional<StreamId> seq;
  std::vector<std::string> frames;
};
LiveFrames live_frames(std::optional<StreamId> seq, std::vector<std::string> frames);

// An entry of a user's live stream as stored: "message" (parse_live_message's payload) or
// "change" (a task_changed frame). nullopt for anything else.
std::optional<LiveFrames> live_frames_of_entry(const StreamId& id, std::string_view field,
                                               std::string_view value);

// The live messages of a user's stream after a socket's position, oldest first, when the
// stream still holds all of them (`complete`; otherwise none). `head` is its newest id.
struct LiveReplay {
  bool complete = false;
  StreamId head;
  std::vector<LiveFrames> messages;
};

// Whether replaying a user's live stream after `after` gives every message since: `after` is
// younger than the window the stream keeps (by Redis's clock: older messages may have been
// trimmed or expired with the stream), not beyond the head (an id the stream gave out), and at
// most `limit` messages follow it (`found` of them were read, up to limit + 1).
struct ReplayBounds {
  StreamId after;
  StreamId head;
  std::uint64_t redis_now_ms = 0;
  std::chrono::milliseconds window{0};
  std::size_t found = 0;
  std::size_t limit = 0;
};
bool replay_is_complete(const ReplayBounds& bounds);

// Sent instead of a replay that cannot be complete (the socket resumes from before what the
// stream still keeps): the client reloads what it shows. Carries the stream's head as seq.
std::string resync_frame(const StreamId& head);

}  // namespace taskflow::notifications
