#include "app/notification_store.hpp"

#include "domain/live_message.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace taskflow::notifications {
namespace {

// KEYS: index, items, unread, events, live. ARGV[1] now (ms), ARGV[2] retention (ms),
// ARGV[3] how long the live stream keeps a message (ms).
// prune() drops notifications older than the retention window; scores are whole numbers
// beyond Lua's integer formatting, hence %.0f. announce() appends a message to the user's live
// stream (trimmed to the replay window by Redis's clock, which also stamps its ids) and
// publishes it with its place there as "seq".
constexpr std::string_view kPrelude = R"lua(
local now_ms = tonumber(ARGV[1])
local retention_ms = tonumber(ARGV[2])
local replay_ms = tonumber(ARGV[3])
local function score(value) return string.format('%.0f', value) end
local function redis_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local function append(field, value)
  local id = redis.call('XADD', KEYS[5], 'MINID', '~', score(redis_ms() - replay_ms), '*',
    field, value)
  redis.call('PEXPIRE', KEYS[5], replay_ms)
  return id
end
local function announce(channel, message)
  local id = append('message', message)
  redis.call('PUBLISH', channel, '{"seq":"' .. id .. '",' .. string.sub(message, 2))
end
-- The id of the stream's newest message; for an empty stream, one just before any it will get.
local function head(now)
  local last = redis.call('XREVRANGE', KEYS[5], '+', '-', 'COUNT', 1)
  if #last > 0 then return last[1][1] end
  return score(now - 1) .. '-0'
end
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

// ARGV[4] max per user, ARGV[5] id (the event id), ARGV[6] JSON, ARGV[7] channel, ARGV[8] user,
// ARGV[9] creation time in µs, the score (exact in a double until the year 2255), ARGV[10] how
// many event ids to remember.
constexpr std::string_view kInsert = R"lua(
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. score(now_ms - retention_ms))
if redis.call('ZADD', KEYS[4], 'NX', score(now_ms), ARGV[5]) == 0 then
  return {0, redis.call('SCARD', KEYS[3])}
end
local forgotten = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[10])
if forgotten > 0 then redis.call('ZREMRANGEBYRANK', KEYS[4], 0, forgotten - 1) end
prune()
redis.call('ZADD', KEYS[1], ARGV[9], ARGV[5])
redis.call('HSET', KEYS[2], ARGV[5], ARGV[6])
redis.call('SADD', KEYS[3], ARGV[5])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if excess > 0 then
  forget(redis.call('ZRANGE', KEYS[1], 0, excess - 1))
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
end
local ttl = math.ceil(retention_ms / 1000)
for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ttl) end
local unread = redis.call('SCARD', KEYS[3])
announce(ARGV[7], '{"user_id":' .. ARGV[8] .. ',"unread_count":' .. unread ..
  ',"notification":' .. ARGV[6] .. '}')
return {1, unread}
)lua";

// ARGV[4] offset, ARGV[5] limit. Returns total, unread, then (JSON, unread flag) per item.
constexpr std::string_view kList = R"lua(
prune()
local offset = tonumber(ARGV[4])
local ids = redis.call('ZREVRANGE', KEYS[1], offset, offset + tonumber(ARGV[5]) - 1)
local out = {redis.call('ZCARD', KEYS[1]), redis.call('SCARD', KEYS[3])}
for _, id in ipairs(ids) do
  out[#out + 1] = redis.call('HGET', KEYS[2], id) or ''
  out[#out + 1] = redis.call('SISMEMBER', KEYS[3], id)
end
return out
)lua";

// ARGV[4] channel, ARGV[5] user, ARGV[6] "1" for all, ARGV[7..] ids.
constexpr std::string_view kMarkRead = R"lua(
prune()
local updated = 0
if ARGV[6] == '1' then
  updated = redis.call('SCARD', KEYS[3])
  redis.call('DEL', KEYS[3])
else
  for i = 7, #ARGV do updated = updated + redis.call('SREM', KEYS[3], ARGV[i]) end
end
local unread = redis.call('SCARD', KEYS[3])
if updated > 0 then
  announce(ARGV[4], '{"user_id":' .. ARGV[5] .. ',"unread_count":' .. unread .. '}')
end
return {updated, unread}
)lua";

// ARGV[4] channel, ARGV[5] user.
constexpr std::string_view kClear = R"lua(
local had = redis.call('ZCARD', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
if had > 0 then
  announce(ARGV[4], '{"user_id":' .. ARGV[5] .. ',"unread_count":0}')
end
return had
)lua";

// Returns the unread count and the live stream's head.
constexpr std::string_view kOpen = R"lua(
prune()
return {redis.call('SCARD', KEYS[3]), head(redis_ms())}
)lua";

// ARGV[4] the id to replay after, ARGV[5] at most how many. Returns Redis's time (ms), the
// head, then the messages after ARGV[4] (at most one more than asked: more than the limit).
constexpr std::string_view kReplay = R"lua(
local now = redis_ms()
return {now, head(now),
  redis.call('XRANGE', KEYS[5], '(' .. ARGV[4], '+', 'COUNT', tonumber(ARGV[5]) + 1)}
)lua";

// ARGV[4] a task_changed frame, ARGV[5] channel, ARGV[6] user. Appended and published in one
// script, so the channel carries each user's messages in the order of their ids.
constexpr std::string_view kAppendChange = R"lua(
local id = append('change', ARGV[4])
redis.call('PUBLISH', ARGV[5], '{"user_ids":[' .. ARGV[6] .. '],"seqs":["' .. id ..
  '"],"frame":' .. ARGV[4] .. '}')
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

StreamId stream_id(const redis::Reply& reply) {
  auto id = parse_stream_id(reply.as_string());
  if (!id) throw std::runtime_error("notifications: a live stream id that is not one");
  return *id;
}

std::int64_t unix_ms(NotificationStore::TimePoint at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

}  // namespace

NotificationStore::NotificationStore(redis::Pool& redis, StoreSettings settings)
    : redis_(redis), settings_(std::move(settings)) {}

std::vector<std::string> NotificationStore::keys(std::int64_t user_id) const {
  auto prefix = fmt::format("notifications:{{{}}}:", user_id);
  return {prefix + "index", prefix + "items", prefix + "unread", prefix + "events",
          prefix + "live"};
}

std::vector<std::string> NotificationStore::window_args(TimePoint now) const {
  return {std::to_string(unix_ms(now)), std::to_string(settings_.retention.count()),
          std::to_string(settings_.replay_window.count())};
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

NotificationStore::Opened NotificationStore::open(std::int64_t user_id, TimePoint now) {
  static const std::string kScript = script(kOpen);
  auto reply = redis_.eval(kScript, keys(user_id), window_args(now));
  const auto& result = checked(reply, "open").elements();
  return {.unread_count = result.at(0).as_integer(), .head = stream_id(result.at(1))};
}

LiveReplay NotificationStore::replay(std::int64_t user_id, StreamId after) {
  static const std::string kScript = script(kReplay);
  auto args = window_args(std::chrono::system_clock::now());
  args.push_back(after.text());
  args.push_back(std::to_string(settings_.replay_limit));
  auto reply = redis_.eval(kScript, keys(user_id), args);
  const auto& result = checked(reply, "replay").elements();
  const auto& entries = result.at(2).elements();
  LiveReplay replay{.complete = false, .head = stream_id(result.at(1)), .messages = {}};
  replay.complete = replay_is_complete(
      ReplayBounds{.after = after,
                   .head = replay.head,
                   .redis_now_ms = static_cast<std::uint64_t>(result.at(0).as_integer()),
                   .window = settings_.replay_window,
                   .found = entries.size(),
                   .limit = settings_.replay_limit});
  if (!replay.complete) return replay;
  for (const auto& entry : entries) {
    auto id = stream_id(entry.elements().at(0));
    const auto& fields = entry.elements().at(1).elements();
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
      if (auto frames =
              live_frames_of_entry(id, fields[i].as_string(), fields[i + 1].as_string())) {
        replay.messages.push_back(std::move(*frames));
      }
    }
  }
  return replay;
}

void NotificationStore::publish_change(const std::vector<std::int64_t>& user_ids,
                                       const std::string& frame) {
  static const std::string kScript = script(kAppendChange);
  auto args = window_args(std::chrono::system_clock::now());
  args.push_back(frame);
  args.push_back(settings_.channel);
  std::vector<std::vector<std::string>> appends;
  appends.reserve(user_ids.size());
  for (const auto user : user_ids) {
    auto user_keys = keys(user);
    std::vector<std::string> command{"EVAL", kScript, std::to_string(user_keys.size())};
    command.insert(command.end(), user_keys.begin(), user_keys.end());
    command.insert(command.end(), args.begin(), args.end());
    command.push_back(std::to_string(user));
    appends.push_back(std::move(command));
  }
  for (const auto& reply : redis_.pipeline(appends)) checked(reply, "publish change");
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
