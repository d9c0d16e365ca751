#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/live_cursor.hpp"
#include "domain/live_message.hpp"
#include "taskflow/authn/revocation.hpp"
#include "taskflow/http/message.hpp"
#include "taskflow/http/websocket.hpp"

namespace taskflow::notifications {

// The WebSockets connected to this instance, by user. Each socket has seen its user's live
// stream up to a position: a message reaches it once, in stream order, and while the socket
// replays what it missed (after it opened, or after this instance resubscribed) the live
// messages wait for the replay. A socket whose token or session is revoked is closed.
class LiveHub {
 public:
  // Adds the socket, replaying from `seen` (finish_replay must follow). False, and nothing
  // added, when the user already has `max_per_user` sockets here.
  bool add(const std::shared_ptr<http::WebSocketSession>& session, const http::Principal& principal,
           std::size_t max_per_user, StreamId seen);
  void remove(std::int64_t user_id, std::uint64_t session_id);

  // Queues the message on each of the user's sockets here that has not seen it (none: nothing
  // happens). A message without a place in the stream goes to every socket at once.
  void deliver(std::int64_t user_id, const LiveFrames& message);

  // What to replay after a resubscription (messages published meanwhile never arrived): for
  // each user, the oldest position any of their sockets has seen. Those sockets now replay.
  struct ReplayRequest {
    std::int64_t user_id = 0;
    StreamId after;
    std::vector<std::uint64_t> session_ids;
  };
  std::vector<ReplayRequest> begin_replay_all();

  // Ends a replay of these sockets: each is sent the replayed messages it has not seen, or,
  // when the replay is incomplete or failed (nullopt), a resync frame; then what waited.
  void finish_replay(std::int64_t user_id, const std::vector<std::uint64_t>& session_ids,
                     const std::optional<LiveReplay>& replay);

  // Closes every socket whose access token or session is on the list.
  void close_revoked(const authn::RevocationList& revoked);

  std::size_t size() const;

 private:
  struct Entry {
    std::weak_ptr<http::WebSocketSession> session;
    std::uint64_t session_id;
    std::string token_id;
    std::string session_family;
    LiveCursor cursor;
  };
  // Called under the lock, so each socket's frames are queued in the cursor's order.
  static void send(const Entry& entry, const std::vector<std::string>& frames);

  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, std::vector<Entry>> by_user_;
  std::size_t size_ = 0;
};

}  // namespace taskflow::notifications
