#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "domain/task_summary.hpp"
#include "taskflow/core/asio.hpp"
#include "taskflow/redis/async_pool.hpp"
#include "taskflow/redis/pool.hpp"

namespace taskflow::tasks {

// What each user reads most, cached in Redis between changes and shared by every instance:
// their TaskSummary, and views of any other kind (a page of their list, one project's stats)
// under names the caller chooses, as text.
//
// Every write bumps the version of each user whose reads it changes, after it commits; a reader
// reads the version before it queries PostgreSQL and stores what it computed under that
// version. An entry is used only while its version is still the user's current one, so one
// computed from data older than a change can never pass for current, however reads and writes
// interleave.
//
// Redis is an optimisation here, never a dependency: when it fails the caller computes the
// read from PostgreSQL. A version bump that fails is kept and retried in the background every
// 200 ms until Redis answers, and this instance does not use the cache before that. Another
// instance could serve the user's old entries in that window (Redis back, retry not yet done),
// or until the entries' TTL if this process dies first: the one staleness this design allows.
//
// A TTL of 0 turns the cache off: every read is computed (what a miss costs, measured).
//
// find(), store() and invalidate() run on the caller's I/O thread (one round trip each);
// store_summary() blocks: call it from BlockingPool threads.
class ReadCache {
 public:
  ReadCache(redis::AsyncPool& io_redis, redis::Pool& redis, std::chrono::seconds ttl);
  ~ReadCache();
  ReadCache(const ReadCache&) = delete;
  ReadCache& operator=(const ReadCache&) = delete;

  struct Lookup {
    std::optional<TaskSummary> summary;  // if asked for, and current at `now`: use it
    std::optional<std::string> view;     // if asked for, and stored under the current version
    std::optional<long long> version;    // else, the version to store fresh ones under
  };
  // The user's summary (if `with_summary`) and view (if `view_name` is not empty), with the
  // version, in one round trip. Never throws.
  Awaitable<Lookup> find(std::int64_t user_id, Timestamp now, bool with_summary,
                         std::string view_name = {});
  void store_summary(std::int64_t user_id, long long version, const TaskSummary& summary);
  // Never throws.
  Awaitable<void> store(std::int64_t user_id, long long version, std::string view_name,
                        std::string text);
  // Call after the write committed, with every user whose reads it changed: one round trip
  // for all of them. Never throws.
  Awaitable<void> invalidate(std::vector<std::int64_t> user_ids);
  // False while a version bump that failed waits for its retry: until then another instance
  // may serve an entry older than this one's writes (readiness reports it).
  bool invalidations_done() const noexcept { return !has_pending_.load(); }

 private:
  static std::vector<std::vector<std::string>> bump_commands(std::int64_t user_id);
  static void check_bumped(const std::vector<redis::Reply>& replies);
  void defer(std::int64_t user_id) noexcept;
  // Bumps the versions whose bump failed before; throws if Redis still fails.
  void flush_pending();
  bool enabled() const { return ttl_.count() > 0; }
  bool available() const;
  void record_failure() noexcept;
  void retry_pending(std::stop_token stop);

  redis::AsyncPool& io_redis_;
  redis::Pool& redis_;
  std::chrono::seconds ttl_;
  std::mutex pending_mutex_;
  std::set<std::int64_t> pending_;  // users whose version bump failed
  std::atomic<bool> has_pending_{false};
  std::atomic<std::int64_t> skip_until_ms_{0};
  std::condition_variable_any pending_added_;
  std::jthread retrier_;  // last: stopped and joined before the members it uses go
};

}  // namespace taskflow::tasks
