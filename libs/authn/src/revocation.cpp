#include "taskflow/authn/revocation.hpp"

#include <mutex>

#include "taskflow/core/config.hpp"
#include "taskflow/core/log.hpp"

namespace taskflow::authn {
namespace {

std::int64_t unix_seconds(Clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

}  // namespace

bool RevocationList::is_revoked(std::string_view token_id, std::string_view session_id) const {
  std::shared_lock lock(mutex_);
  if (entries_.empty()) return false;
  return entries_.contains(token_key(token_id)) || entries_.contains(session_key(session_id));
}

void RevocationList::add(std::string key, Clock::time_point until) {
  auto now = Clock::now();
  std::unique_lock lock(mutex_);
  // Expired entries can no longer match a valid token; drop them now and then.
  if (now - last_prune_ > std::chrono::minutes(1)) {
    std::erase_if(entries_, [now](const auto& entry) { return entry.second < now; });
    last_prune_ = now;
  }
  auto& stored = entries_[std::move(key)];
  stored = std::max(stored, until);
  lock.unlock();
  notify();
}

void RevocationList::replace(std::vector<std::pair<std::string, Clock::time_point>> entries) {
  std::unordered_map<std::string, Clock::time_point> fresh;
  for (auto& [key, until] : entries) fresh[std::move(key)] = until;
  std::unique_lock lock(mutex_);
  entries_ = std::move(fresh);
  lock.unlock();
  notify();
}

void RevocationList::on_change(std::function<void()> listener) {
  std::unique_lock lock(mutex_);
  listeners_.push_back(std::move(listener));
}

void RevocationList::notify() const {
  std::vector<std::function<void()>> listeners;
  {
    std::shared_lock lock(mutex_);
    listeners = listeners_;
  }
  for (const auto& listener : listeners) listener();
}

void RevocationList::prune(Clock::time_point now) {
  std::unique_lock lock(mutex_);
  std::erase_if(entries_, [now](const auto& entry) { return entry.second < now; });
}

std::size_t RevocationList::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

std::optional<std::pair<std::string, Clock::time_point>> parse_revocation_message(
    std::string_view payload) {
  auto space = payload.rfind(' ');
  if (space == std::string_view::npos || space == 0) return std::nullopt;
  auto seconds = parse_integer(payload.substr(space + 1), 0, 253402300799);
  if (!seconds) return std::nullopt;
  return std::make_pair(std::string(payload.substr(0, space)),
                        Clock::time_point(std::chrono::seconds(*seconds)));
}

void publish_revocations(redis::Pool& redis,
                         const std::vector<std::pair<std::string, Clock::time_point>>& revoked) {
  if (revoked.empty()) return;
  std::vector<std::vector<std::string>> commands;
  std::vector<std::string> zadd{"ZADD", std::string(kRevokedSetKey)};
  for (const auto& [key, until] : revoked) {
    zadd.push_back(std::to_string(unix_seconds(until)));
    zadd.push_back(key);
  }
  commands.push_back(std::move(zadd));
  commands.push_back({"ZREMRANGEBYSCORE", std::string(kRevokedSetKey), "-inf",
                      std::to_string(unix_seconds(Clock::now()) - 1)});
  for (const auto& [key, until] : revoked) {
    commands.push_back({"PUBLISH", std::string(kRevocationChannel),
                        key + " " + std::to_string(unix_seconds(until))});
  }
  for (const auto& reply : redis.pipeline(commands)) {
    if (reply.is_error())
      throw std::runtime_error("revocation not stored: " + reply.error_message());
  }
}

RevocationFeed::RevocationFeed(std::string_view redis_url, std::shared_ptr<RevocationList> list)
    : redis_url_(redis_url),
      list_(std::move(list)),
      reload_pool_(redis_url, redis::PoolOptions{.size = 1}),
      subscriber_(redis_url,
                  redis::Subscription{
                      .channels = {std::string(kRevocationChannel)},
                      .patterns = {},
                      .on_connected = [this] { reload(); },
                      .on_message =
                          [this](const std::string&, const std::string& payload) {
                            if (auto entry = parse_revocation_message(payload)) {
                              list_->add(std::move(entry->first), entry->second);
                            } else {
                              log::warn("ignoring malformed revocation", {{"payload", payload}});
                            }
                          }}) {
  subscriber_.start();
}

void RevocationFeed::reload() {
  auto now = Clock::now();
  auto reply = reload_pool_.command(
      {"ZRANGEBYSCORE", kRevokedSetKey, std::to_string(unix_seconds(now)), "+inf", "WITHSCORES"});
  const auto& flat = reply.elements();
  std::vector<std::pair<std::string, Clock::time_point>> entries;
  for (std::size_t i = 0; i + 1 < flat.size(); i += 2) {
    auto seconds = parse_integer(flat[i + 1].as_string(), 0, 253402300799);
    if (!seconds) continue;
    entries.emplace_back(flat[i].as_string(), Clock::time_point(std::chrono::seconds(*seconds)));
  }
  log::info("revocations reloaded", {{"count", entries.size()}});
  list_->replace(std::move(entries));
}

}  // namespace taskflow::authn
