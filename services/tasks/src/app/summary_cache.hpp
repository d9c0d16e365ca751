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

// Each user's TaskSummary, cached in Redis between changes, shared by every instance.
//
// Every write bumps the user's version after it commits; a reader reads the version before it
// queries PostgreSQL and stores what it computed under that version. A summary is used only
// while its version is still the user's current one, so a summary computed from data older
// than a change can never pass for current, however reads and writes interleave.
//
// Redis is an optimisation here, never a dependency: when it fails the caller computes the
// summary from PostgreSQL. A version bump that fails is kept and retried in the background every
// 200 ms until Redis answers, and this instance does not use the cache before that. Another
// instance could serve the user's old entry in that window (Redis back, retry not yet done), or
// until the entry's TTL if this process dies first: the one staleness this design allows.
//
// find() and invalidate() run on the caller's I/O thread (one round trip each); store() blocks:
// call it from BlockingPool threads.
class SummaryCache {
 public:
  SummaryCache(redis::AsyncPool& io_redis, redis::Pool& redis, std::chrono::seconds ttl);
  ~SummaryCache();
  SummaryCache(const SummaryCache&) = delete;
  SummaryCache& operator=(const SummaryCache&) = delete;

  struct Lookup {
    std::optional<TaskSummary> summary;  // current at `now`: use it
    std::optional<long long> version;    // else, the version to store a fresh one under
  };
  // Never throws.
  Awaitable<Lookup> find(std::int64_t user_id, Timestamp now);
  void store(std::int64_t user_id, long long version, const TaskSummary& summary);
  // Call after the write committed, with every user whose counts it changed: one round trip
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
