#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "taskflow/redis/pool.hpp"

namespace taskflow::auth {

enum class Rotation { rotated, reused, unknown };

// Refresh-token families ("sessions") in Redis: each remembers the one refresh token that may
// be used next. Blocking: run off the I/O threads.
class SessionStore {
 public:
  explicit SessionStore(redis::Pool& redis) : redis_(redis) {}

  void create(const std::string& session_id, std::int64_t user_id, const std::string& refresh_id,
              std::chrono::seconds ttl);
  // Accepts `presented` only if it is the family's current refresh token and makes `next`
  // current. A stale token means it was stolen or replayed: the family is deleted (reused).
  Rotation rotate(const std::string& session_id, std::int64_t user_id, const std::string& presented,
                  const std::string& next, std::chrono::seconds ttl);
  void remove(const std::string& session_id, std::int64_t user_id);
  // Deletes every session of the user but `keep`; returns the ids deleted.
  std::vector<std::string> remove_others(std::int64_t user_id, const std::string& keep);

 private:
  redis::Pool& redis_;
};

// Failed-login counters per account and per client address, over a fixed window.
class LoginThrottle {
 public:
  LoginThrottle(redis::Pool& redis, int max_per_account, int max_per_address,
                std::chrono::seconds window)
      : redis_(redis),
        max_per_account_(max_per_account),
        max_per_address_(max_per_address),
        window_(window) {}

  // Seconds to wait when either counter is at its limit, else nullopt.
  std::optional<std::chrono::seconds> blocked_for(const std::string& account,
                                                  const std::string& address);
  void record_failure(const std::string& account, const std::string& address);
  void record_success(const std::string& account);

 private:
  redis::Pool& redis_;
  int max_per_account_;
  int max_per_address_;
  std::chrono::seconds window_;
};

}  // namespace taskflow::auth
