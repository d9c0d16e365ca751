#include "app/notification_store.hpp"

#include "domain/live_message.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace taskflow::notifications {
namespace {

// KEYS: index, items, unread, events. ARGV[1] now (ms), ARGV[2] retention (ms).
// prune() drops notifications older than the retention window; scores are whole numbers
// beyond Lua's integer formatting, hence %.0f.
constexpr std::string_view kPrelude = R"lua(
local now_ms = tonumber(ARGV[1])
local retention_ms = tonumber(ARGV[2])
local function score(value) return string.format('%.0f', value) end
local function forget(ids)
  if #ids == 0 then return end
  redis.call('HDEL', KEYS[2], unpack(ids))
  redis.call('SREM', KEYS[3], unpack(ids))
end
local function prune()
  local cutoff = '(' .. score((now_ms - retention_ms) * 1000)
  local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff)
  if #old > 0 then
    forget(old)
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
  end
end
)lua";

// ARGV[3] max per user, ARGV[4] id (the event id), ARGV[5] JSON, ARGV[6] channel, ARGV[7] user,
// ARGV[8] creation time in µs, the score (exact in a double until the year 2255), ARGV[9] how
// many event ids to remember.
constexpr std::string_view kInsert = R"lua(
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. score(now_ms - retention_ms))
if redis.call('ZADD', KEYS[4], 'NX', score(now_ms), ARGV[4]) == 0 then
  return {0, redis.call('SCARD', KEYS[3])}
end
local forgotten = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[9])
if forgotten > 0 then redis.call('ZREMRANGEBYRANK', KEYS[4], 0, forgotten - 1) end
prune()
redis.call('ZADD', KEYS[1], ARGV[8], ARGV[4])
redis.call('HSET', KEYS[2], ARGV[4], ARGV[5])
redis.call('SADD', KEYS[3], ARGV[4])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if excess > 0 then
  forget(redis.call('ZRANGE', KEYS[1], 0, excess - 1))
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
end
local ttl = math.ceil(retention_ms / 1000)
for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ttl) end
local unread = redis.call('SCARD', KEYS[3])
redis.call('PUBLISH', ARGV[6], '{"user_id":' .. ARGV[7] .. ',"unread_count":' .. unread ..
  ',"notification":' .. ARGV[5] .. '}')
return {1, unread}
)lua";

// ARGV[3] offset, ARGV[4] limit. Returns total, unread, then (JSON, unread flag) per item.
constexpr std::string_view kList = R"lua(
prune()
local offset = tonumber(ARGV[3])
local ids = redis.call('ZREVRANGE', KEYS[1], offset, offset + tonumber(ARGV[4]) - 1)
local out = {redis.call('ZCARD', KEYS[1]), redis.call('SCARD', KEYS[3])}
for _, id in ipairs(ids) do
  out[#out + 1] = redis.call('HGET', KEYS[2], id) or ''
  out[#out + 1] = redis.call('SISMEMBER', KEYS[3], id)
end
return out
)lua";

constexpr std::string_view kUnreadCount = R"lua(
prune()
return redis.call('SCARD', KEYS[3])
)lua";

// ARGV[3] channel, ARGV[4] user, ARGV[5] "1" for all, ARGV[6..] ids.
constexpr std::string_view kMarkRead = R"lua(
prune()
local updated = 0
if ARGV[5] == '1' then
  updated = redis.call('SCARD', KEYS[3])
  redis.call('DEL', KEYS[3])
else
  for i = 6, #ARGV do updated = updated + redis.call('SREM', KEYS[3], ARGV[i]) end
end
local unread = redis.call('SCARD', KEYS[3])
if updated > 0 then
  redis.call('PUBLISH', ARGV[3], '{"user_id":' .. ARGV[4] .. ',"unread_count":' .. unread .. '}')
end
return {updated, unread}
)lua";

// ARGV[3] channel, ARGV[4] user.
constexpr std::string_view kClear = R"lua(
local had = redis.call('ZCARD', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
if had > 0 then
  redis.call('PUBLISH', ARGV[3], '{"user_id":' .. ARGV[4] .. ',"unread_count":0}')
end
return had
)lua";

std::string script(std::string_view body) {
  return std::string(kPrelude) + std::string(body);
}

const redis::Reply& checked(const redis::Reply& reply, std::string_view operation) {
  if (reply.is_error()) {
    throw std::runtime_error(fmt::format("notifications {}: {}", operation, reply.error_message()));
  }
  return reply;
}

std::int64_t unix_ms(NotificationStore::TimePoint at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

}  // namespace

NotificationStore::NotificationStore(redis::Pool& redis, StoreSettings settings)
    : redis_(redis), settings_(std::move(settings)) {}

std::vector<std::string> NotificationStore::keys(std::int64_t user_id) const {
  auto prefix = fmt::format("notifications:{{{}}}:", user_id);
  return {prefix + "index", prefix + "items", prefix + "unread", prefix + "events"};
}

std::vector<std::string> NotificationStore::window_args(TimePoint now) const {
  return {std::to_string(unix_ms(now)), std::to_string(settings_.retention.count())};
}

NotificationStore::Inserted NotificationStore::insert(std::int64_t user_id,
                                                      const nlohmann::json& notification,
                                                      TimePoint created, TimePoint now) {
  static const std::string kScript = script(kInsert);
  auto args = window_args(now);
  args.push_back(std::to_string(settings_.max_per_user));
  args.push_back(notification.at("id").get<std::string>());
  args.push_back(notification.dump());
  args.push_back(settings_.channel);
  args.push_back(std::to_string(user_id));
  args.push_back(std::to_string(
      std::chrono::duration_cast<std::chrono::microseconds>(created.time_since_epoch()).count()));
  args.push_back(std::to_string(settings_.remembered_events));
  auto reply = redis_.eval(kScript, keys(user_id), args);
  const auto& result = checked(reply, "insert").elements();
  return {.stored = result.at(0).as_integer() == 1, .unread_count = result.at(1).as_integer()};
}

NotificationStore::Page NotificationStore::list(std::int64_t user_id, std::size_t offset,
                                                std::size_t limit, TimePoint now) {
  static const std::string kScript = script(kList);
  auto args = window_args(now);
  args.push_back(std::to_string(offset));
  args.push_back(std::to_string(limit));
  auto reply = redis_.eval(kScript, keys(user_id), args);
  const auto& result = checked(reply, "list").elements();
  Page page{.notifications = {},
            .total = result.at(0).as_integer(),
            .unread_count = result.at(1).as_integer()};
  for (std::size_t i = 2; i + 1 < result.size(); i += 2) {
    auto notification = nlohmann::json::parse(result[i].as_string(), nullptr, false);
    if (!notification.is_object()) continue;  // an index entry without its item: skipped
    notification["read"] = result[i + 1].as_integer() == 0;
    page.notifications.push_back(std::move(notification));
  }
  return page;
}

std::int64_t NotificationStore::unread_count(std::int64_t user_id, TimePoint now) {
  static const std::string kScript = script(kUnreadCount);
  auto reply = redis_.eval(kScript, keys(user_id), window_args(now));
  return checked(reply, "unread count").as_integer();
}

NotificationStore::Marked NotificationStore::mark_read(std::int64_t user_id,
                                                       const std::vector<std::string>& ids,
                                                       bool all, TimePoint now) {
  static const std::string kScript = script(kMarkRead);
  auto args = window_args(now);
  args.push_back(settings_.channel);
  args.push_back(std::to_string(user_id));
  args.push_back(all ? "1" : "0");
  if (!all) args.insert(args.end(), ids.begin(), ids.end());
  auto reply = redis_.eval(kScript, keys(user_id), args);
  const auto& result = checked(reply, "mark read").elements();
  return {.updated = result.at(0).as_integer(), .unread_count = result.at(1).as_integer()};
}

void NotificationStore::publish_change(const std::vector<std::int64_t>& user_ids,
                                       const std::string& frame) {
  redis_.command({"PUBLISH", settings_.channel,
                  live_change_payload(LiveChange{.user_ids = user_ids, .frame = frame})});
}

void NotificationStore::clear(std::int64_t user_id) {
  static const std::string kScript = script(kClear);
  auto args = window_args(std::chrono::system_clock::now());
  args.push_back(settings_.channel);
  args.push_back(std::to_string(user_id));
  auto reply = redis_.eval(kScript, keys(user_id), args);
  checked(reply, "clear");
}

}  // namespace taskflow::notifications
