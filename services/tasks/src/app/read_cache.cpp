#include "app/read_cache.hpp"

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
// Versions outlive every entry stored under them (see the class comment).
constexpr std::string_view kVersionTtlSeconds = "86400";

std::string version_key(std::int64_t user_id) {
  return "tasks:summary-version:" + std::to_string(user_id);
}

std::string summary_key(std::int64_t user_id) {
  return "tasks:summary:" + std::to_string(user_id);
}

std::string view_key(std::int64_t user_id, std::string_view view_name) {
  return "tasks:view:" + std::to_string(user_id) + ':' + std::string(view_name);
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

// The text of an entry "<version> <text>" stored under `version`.
std::optional<std::string_view> current_text(const redis::Reply& entry, long long version) {
  if (entry.is_nil()) return std::nullopt;
  std::string_view cached = entry.as_string();
  auto space = cached.find(' ');
  if (space == std::string_view::npos || parse_version(cached.substr(0, space)) != version) {
    return std::nullopt;
  }
  return cached.substr(space + 1);
}

std::string entry_text(long long version, std::string_view text) {
  std::string entry = std::to_string(version);
  entry += ' ';
  entry += text;
  return entry;
}

// What an MGET of the user's version, then their summary and view if asked for, says.
ReadCache::Lookup lookup_from(const redis::Reply& reply, Timestamp now, bool with_summary,
                              bool with_view) {
  const auto& values = reply.elements();
  if (values.size() != 1 + std::size_t{with_summary} + std::size_t{with_view}) return {};
  const long long version =
      values[0].is_nil() ? 0 : parse_version(values[0].as_string()).value_or(-1);
  if (version < 0) return {};
  ReadCache::Lookup lookup{.version = version};
  std::size_t next = 1;
  if (with_summary) {
    if (auto text = current_text(values[next++], version)) {
      auto summary = decode_summary(*text);
      if (summary && summary->valid_at(now)) lookup.summary = summary;
    }
  }
  if (with_view) {
    if (auto text = current_text(values[next], version)) lookup.view = std::string(*text);
  }
  return lookup;
}

}  // namespace

ReadCache::ReadCache(redis::AsyncPool& io_redis, redis::Pool& redis, std::chrono::seconds ttl)
    : io_redis_(io_redis),
      redis_(redis),
      ttl_(ttl),
      retrier_([this](std::stop_token stop) { retry_pending(stop); }) {}

ReadCache::~ReadCache() {
  retrier_.request_stop();
}

void ReadCache::retry_pending(std::stop_token stop) {
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
      log::warn("read cache invalidation still failing", {{"error", error.what()}});
    }
  }
}

bool ReadCache::available() const {
  return steady_ms() >= skip_until_ms_.load(std::memory_order_relaxed);
}

void ReadCache::record_failure() noexcept {
  skip_until_ms_.store(steady_ms() + kBackoff.count(), std::memory_order_relaxed);
}

std::vector<std::vector<std::string>> ReadCache::bump_commands(std::int64_t user_id) {
  return {{"INCR", version_key(user_id)},
          {"EXPIRE", version_key(user_id), std::string(kVersionTtlSeconds)}};
}

void ReadCache::check_bumped(const std::vector<redis::Reply>& replies) {
  // An error reply means the version did not move: a failure to retry, never a success. (A
  // Redis still loading its data after a restart once passed for one.)
  for (const auto& reply : replies) {
    if (reply.is_error()) throw DependencyUnavailable("redis", reply.error_message());
  }
}

void ReadCache::flush_pending() {
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

Awaitable<ReadCache::Lookup> ReadCache::find(std::int64_t user_id, Timestamp now, bool with_summary,
                                             std::string view_name) {
  // A version bump still pending means Redis may hold an entry older than this instance's
  // writes: the retrier must catch up before the cache is used again.
  if (!enabled() || !available() || has_pending_.load()) co_return Lookup{};
  try {
    std::vector<std::string> keys{"MGET", version_key(user_id)};
    if (with_summary) keys.push_back(summary_key(user_id));
    if (!view_name.empty()) keys.push_back(view_key(user_id, view_name));
    auto reply = co_await io_redis_.command(std::move(keys));
    co_return lookup_from(reply, now, with_summary, !view_name.empty());
  } catch (const DependencyUnavailable& error) {
    record_failure();
    log::warn("read cache unavailable", {{"error", error.what()}});
  } catch (const redis::UnexpectedReply& error) {
    log::warn("read cache gave an unexpected reply", {{"error", error.what()}});
  }
  co_return Lookup{};
}

void ReadCache::store_summary(std::int64_t user_id, long long version, const TaskSummary& summary) {
  if (!available()) return;
  try {
    redis_.command({"SET", summary_key(user_id), entry_text(version, encode_summary(summary)), "EX",
                    std::to_string(ttl_.count())});
  } catch (const DependencyUnavailable&) {
    record_failure();
  }
}

Awaitable<void> ReadCache::store(std::int64_t user_id, long long version, std::string view_name,
                                 std::string text) {
  if (!available()) co_return;
  try {
    std::vector<std::string> command{"SET", view_key(user_id, view_name), entry_text(version, text),
                                     "EX", std::to_string(ttl_.count())};
    co_await io_redis_.command(std::move(command));
  } catch (const DependencyUnavailable& error) {
    record_failure();
    log::warn("read cache unavailable", {{"error", error.what()}});
  } catch (const redis::UnexpectedReply& error) {
    log::warn("read cache gave an unexpected reply", {{"error", error.what()}});
  }
}

Awaitable<void> ReadCache::invalidate(std::vector<std::int64_t> user_ids) {
  if (user_ids.empty() || !enabled()) co_return;
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
      log::warn("read cache invalidation deferred", {{"error", error.what()}});
    }
  }
  for (const auto user_id : user_ids) defer(user_id);
}

void ReadCache::defer(std::int64_t user_id) noexcept {
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
