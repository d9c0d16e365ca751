#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "taskflow/redis/pool.hpp"
#include "taskflow/redis/subscriber.hpp"

namespace taskflow::authn {

using Clock = std::chrono::system_clock;

// Revoked access tokens (by jti) and sessions (by refresh family id), each kept until the
// newest access token it could affect has expired. Checked on every request, in memory.
class RevocationList {
 public:
  static std::string token_key(std::string_view token_id) { return "jti:" + std::string(token_id); }
  static std::string session_key(std::string_view session_id) {
    return "sid:" + std::string(session_id);
  }

  bool is_revoked(std::string_view token_id, std::string_view session_id) const;
  void add(std::string key, Clock::time_point until);
  void replace(std::vector<std::pair<std::string, Clock::time_point>> entries);
  void prune(Clock::time_point now);
  std::size_t size() const;
  // Runs `listener` after every add() and replace(), on the caller's thread and outside the
  // lock: for holders of long-lived connections (WebSockets) that must drop revoked ones.
  void on_change(std::function<void()> listener);

 private:
  void notify() const;

  mutable std::shared_mutex mutex_;
  std::vector<std::function<void()>> listeners_;
  std::unordered_map<std::string, Clock::time_point> entries_;
  Clock::time_point last_prune_ = Clock::now();
};

// Where revocations live in Redis: a sorted set scored by expiry (the source of truth, read
// after every reconnect) and a channel that tells every instance at once.
inline constexpr std::string_view kRevokedSetKey = "auth:revoked";
inline constexpr std::string_view kRevocationChannel = "auth:revocations";

// "<key> <unix seconds>" as published on the channel; nullopt if malformed.
std::optional<std::pair<std::string, Clock::time_point>> parse_revocation_message(
    std::string_view payload);

// Records revocations in Redis and announces them (blocking; run it off the I/O threads).
void publish_revocations(redis::Pool& redis,
                         const std::vector<std::pair<std::string, Clock::time_point>>& revoked);

// Keeps a RevocationList in step with Redis: full reload on (re)connect, then pub/sub updates.
class RevocationFeed {
 public:
  RevocationFeed(std::string_view redis_url, std::shared_ptr<RevocationList> list);
  bool connected() const { return subscriber_.connected(); }

 private:
  void reload();

  std::string redis_url_;
  std::shared_ptr<RevocationList> list_;
  redis::Pool reload_pool_;
  redis::Subscriber subscriber_;
};

}  // namespace taskflow::authn
