#include "app/live_hub.hpp"

#include <algorithm>

namespace taskflow::notifications {

bool LiveHub::add(const std::shared_ptr<http::WebSocketSession>& session,
                  const http::Principal& principal, std::size_t max_per_user, StreamId seen) {
  std::lock_guard lock(mutex_);
  auto& entries = by_user_[principal.user_id];
  if (entries.size() >= max_per_user) return false;
  entries.push_back(Entry{.session = session,
                          .session_id = session->id(),
                          .token_id = principal.token_id,
                          .session_family = principal.session_id,
                          .cursor = LiveCursor(seen)});
  ++size_;
  return true;
}

void LiveHub::remove(std::int64_t user_id, std::uint64_t session_id) {
  std::lock_guard lock(mutex_);
  auto found = by_user_.find(user_id);
  if (found == by_user_.end()) return;
  auto removed = std::erase_if(
      found->second, [session_id](const Entry& entry) { return entry.session_id == session_id; });
  size_ -= removed;
  if (found->second.empty()) by_user_.erase(found);
}

void LiveHub::send(const Entry& entry, const std::vector<std::string>& frames) {
  if (frames.empty()) return;
  if (auto session = entry.session.lock()) {
    for (const auto& frame : frames) session->send(frame);
  }
}

void LiveHub::deliver(std::int64_t user_id, const LiveFrames& message) {
  std::lock_guard lock(mutex_);
  auto found = by_user_.find(user_id);
  if (found == by_user_.end()) return;
  for (auto& entry : found->second) send(entry, entry.cursor.on_live(message));
}

std::vector<LiveHub::ReplayRequest> LiveHub::begin_replay_all() {
  std::lock_guard lock(mutex_);
  std::vector<ReplayRequest> requests;
  requests.reserve(by_user_.size());
  for (auto& [user, entries] : by_user_) {
    ReplayRequest request{
        .user_id = user, .after = entries.front().cursor.seen(), .session_ids = {}};
    for (auto& entry : entries) {
      request.after = std::min(request.after, entry.cursor.seen());
      request.session_ids.push_back(entry.session_id);
      entry.cursor.begin_replay();
    }
    requests.push_back(std::move(request));
  }
  return requests;
}

void LiveHub::finish_replay(std::int64_t user_id, const std::vector<std::uint64_t>& session_ids,
                            const std::optional<LiveReplay>& replay) {
  std::lock_guard lock(mutex_);
  auto found = by_user_.find(user_id);
  if (found == by_user_.end()) return;
  for (auto& entry : found->second) {
    if (std::ranges::find(session_ids, entry.session_id) == session_ids.end()) continue;
    send(entry, entry.cursor.finish_replay(replay));
  }
}

void LiveHub::close_revoked(const authn::RevocationList& revoked) {
  std::vector<std::shared_ptr<http::WebSocketSession>> targets;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [user, entries] : by_user_) {
      for (const auto& entry : entries) {
        if (!revoked.is_revoked(entry.token_id, entry.session_family)) continue;
        if (auto session = entry.session.lock()) targets.push_back(std::move(session));
      }
    }
  }
  for (const auto& session : targets) {
    session->close(http::websocket::close_code::policy_error, "token revoked");
  }
}

std::size_t LiveHub::size() const {
  std::lock_guard lock(mutex_);
  return size_;
}

}  // namespace taskflow::notifications
