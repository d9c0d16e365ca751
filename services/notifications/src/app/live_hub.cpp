#include "app/live_hub.hpp"

#include <algorithm>

namespace taskflow::notifications {

bool LiveHub::add(const std::shared_ptr<http::WebSocketSession>& session,
                  const http::Principal& principal, std::size_t max_per_user) {
  std::lock_guard lock(mutex_);
  auto& entries = by_user_[principal.user_id];
  if (entries.size() >= max_per_user) return false;
  entries.push_back(Entry{.session = session,
                          .session_id = session->id(),
                          .token_id = principal.token_id,
                          .session_family = principal.session_id});
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

void LiveHub::deliver(std::int64_t user_id, const std::vector<std::string>& frames) {
  std::vector<std::shared_ptr<http::WebSocketSession>> targets;
  {
    std::lock_guard lock(mutex_);
    auto found = by_user_.find(user_id);
    if (found == by_user_.end()) return;
    for (const auto& entry : found->second) {
      if (auto session = entry.session.lock()) targets.push_back(std::move(session));
    }
  }
  for (const auto& session : targets) {
    for (const auto& frame : frames) session->send(frame);
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

std::vector<std::int64_t> LiveHub::users() const {
  std::lock_guard lock(mutex_);
  std::vector<std::int64_t> users;
  users.reserve(by_user_.size());
  for (const auto& [user, entries] : by_user_) users.push_back(user);
  return users;
}

std::size_t LiveHub::size() const {
  std::lock_guard lock(mutex_);
  return size_;
}

}  // namespace taskflow::notifications
