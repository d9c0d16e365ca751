#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "taskflow/authn/revocation.hpp"
#include "taskflow/http/message.hpp"
#include "taskflow/http/websocket.hpp"

namespace taskflow::notifications {

// The WebSockets connected to this instance, by user. Frames for a user go to each of that
// user's sockets; a socket whose token or session is revoked is closed.
class LiveHub {
 public:
  // False, and nothing added, when the user already has `max_per_user` sockets here.
  bool add(const std::shared_ptr<http::WebSocketSession>& session, const http::Principal& principal,
           std::size_t max_per_user);
  void remove(std::int64_t user_id, std::uint64_t session_id);

  // Queues the frames on each of the user's sockets here (none: nothing happens). The sockets
  // are collected under the lock and written to outside it.
  void deliver(std::int64_t user_id, const std::vector<std::string>& frames);

  // Closes every socket whose access token or session is on the list.
  void close_revoked(const authn::RevocationList& revoked);

  std::vector<std::int64_t> users() const;
  std::size_t size() const;

 private:
  struct Entry {
    std::weak_ptr<http::WebSocketSession> session;
    std::uint64_t session_id;
    std::string token_id;
    std::string session_family;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, std::vector<Entry>> by_user_;
  std::size_t size_ = 0;
};

}  // namespace taskflow::notifications
