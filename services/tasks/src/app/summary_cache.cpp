#include "app/summary_cache.hpp"

#include <charconv>
#include <string>
#include <vector>

#include "taskflow/core/errors.hpp"
#include "taskflow/core/log.hpp"

namespace taskflow::tasks {
namespace {

// After a failure, Redis is left alone this long, so an outage costs requests one timeout per
// second, not one each.
constexpr std::chrono::milliseconds kBackoff{1000};
constexpr std::chrono::milliseconds kRetryInterval{200};
// Versions outlive every summary stored under them (see the class comment).
constexpr std::string_view kVersionTtlSeconds = "86400";

std::string version_key(std::int64_t user_id) {
  return "tasks:summary-version:" + std::to_string(user_id);
}

std::string summary_key(std::int64_t user_id) {
  return "tasks:summary:" + std::to_string(user_id);
}

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::optional<long long> parse_version(std::string_view text) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// What an MGET of the user's version and entry says: the entry if it was stored under the
// current version and is still valid at `now`, and the version to store a fresh one under.
SummaryCache::Lookup lookup_from(const redis::Reply& reply, Timestamp now) {
  const auto& values = reply.elements();
  if (values.size() != 2) return {};
  const long long version =
      values[0].is_nil() ? 0 : parse_version(values[0].as_string()).value_or(-1);
  if (version < 0) return {};
  if (!values[1].is_nil()) {
    // "<version> <summary>"
    std::string_view cached = values[1].as_string();
    auto space = cached.find(' ');
    if (space != std::string_view::npos && parse_version(cached.substr(0, space)) == version) {
      auto summary = decode_summary(cached.substr(space + 1));
      if (summary && summary->valid_at(now)) return {.summary = summary, .version = version};
    }
  }
  return {.summary = std::nullopt, .version = version};
}

}  // namespace

SummaryCache::SummaryCache(redis::AsyncPool& io_redis, redis::Pool& redis, std::chrono::seconds ttl)
    : io_redis_(io_redis),
      redis_(redis),
      ttl_(ttl),
      retrier_([this](std::stop_token stop) { retry_pending(stop); }) {}

SummaryCache::~SummaryCache() {
  retrier_.request_stop();
}

void SummaryCache::retry_pending(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(pending_mutex_);
      pending_added_.wait(lock, stop, [this] { return !pending_.empty(); });
      if (stop.stop_requested()) return;
      pending_added_.wait_for(lock, stop, kRetryInterval, [] { return false; });
    }
    try {
      flush_pending();
    } catch (const std::exception& error) {
      log::warn("summary cache invalidation still failing", {{"error", error.what()}});
    }
  }
}

bool SummaryCache::available() const {
  return steady_ms() >= skip_until_ms_.load(std::memory_order_relaxed);
}

void SummaryCache::record_failure() noexcept {
  skip_until_ms_.store(steady_ms() + kBackoff.count(), std::memory_order_relaxed);
}

std::vector<std::vector<std::string>> SummaryCache::bump_commands(std::int64_t user_id) {
  return {{"INCR", version_key(user_id)},
          {"EXPIRE", version_key(user_id), std::string(kVersionTtlSeconds)}};
}

void SummaryCache::check_bumped(const std::vector<redis::Reply>& replies) {
  // An error reply means the version did not move: a failure to retry, never a success. (A
  // Redis still loading its data after a restart once passed for one.)
  for (const auto& reply : replies) {
    if (reply.is_error()) throw DependencyUnavailable("redis", reply.error_message());
  }
}

void SummaryCache::flush_pending() {
  // The lock is never held across a Redis call: an I/O thread deferring a bump takes it.
  while (true) {
    std::int64_t user_id = 0;
    {
      std::lock_guard lock(pending_mutex_);
      if (pending_.empty()) {
        has_pending_.store(false);
        return;
      }
      // Taken out before the bump, so a write deferred meanwhile puts it back for another one.
      user_id = *pending_.begin();
      pending_.erase(pending_.begin());
    }
    try {
      check_bumped(redis_.pipeline(bump_commands(user_id)));
    } catch (...) {
      defer(user_id);
      throw;
    }
  }
}

Awaitable<SummaryCache::Lookup> SummaryCache::find(std::int64_t user_id, Timestamp now) {
  // A version bump still pending means Redis may hold an entry older than this instance's
  // writes: the retrier must catch up before the cache is used again.
  if (!available() || has_pending_.load()) co_return Lookup{};
  try {
    std::vector<std::string> keys{"MGET", version_key(user_id), summary_key(user_id)};
    auto reply = co_await io_redis_.command(std::move(keys));
    co_return lookup_from(reply, now);
  } catch (const DependencyUnavailable& error) {
    record_failure();
    log::warn("summary cache unavailable", {{"error", error.what()}});
  } catch (const redis::UnexpectedReply& error) {
    log::warn("summary cache gave an unexpected reply", {{"error", error.what()}});
  }
  co_return Lookup{};
}

void SummaryCache::store(std::int64_t user_id, long long version, const TaskSummary& summary) {
  if (!available()) return;
  try {
    redis_.command({"SET", summary_key(user_id),
                    std::to_string(version) + ' ' + encode_summary(summary), "EX",
                    std::to_string(ttl_.count())});
  } catch (const DependencyUnavailable&) {
    record_failure();
  }
}

Awaitable<void> SummaryCache::invalidate(std::vector<std::int64_t> user_ids) {
  if (user_ids.empty()) co_return;
  if (available()) {
    try {
      std::vector<std::vector<std::string>> commands;
      for (const auto user_id : user_ids) {
        for (auto& command : bump_commands(user_id)) commands.push_back(std::move(command));
      }
      check_bumped(co_await io_redis_.pipeline(std::move(commands)));
      co_return;
    } catch (const std::exception& error) {
      record_failure();
      log::warn("summary cache invalidation deferred", {{"error", error.what()}});
    }
  }
  for (const auto user_id : user_ids) defer(user_id);
}

void SummaryCache::defer(std::int64_t user_id) noexcept {
  try {
    std::lock_guard lock(pending_mutex_);
    pending_.insert(user_id);
    has_pending_.store(true);
    pending_added_.notify_one();
  } catch (const std::exception&) {
    // Out of memory for one set node: the entries' TTL is the last line of defence.
  }
}

}  // namespace taskflow::tasks
