#include "app/session_store.hpp"

#include <stdexcept>

namespace taskflow::auth {
namespace {

std::string session_key(const std::string& session_id) {
  return "auth:session:" + session_id;
}
std::string user_sessions_key(std::int64_t user_id) {
  return "auth:user_sessions:" + std::to_string(user_id);
}
std::string account_key(const std::string& account) {
  return "auth:login_failures:account:" + account;
}
std::string address_key(const std::string& address) {
  return "auth:login_failures:address:" + address;
}

void check(const redis::Reply& reply) {
  if (reply.is_error()) throw std::runtime_error("redis: " + reply.error_message());
}

// Atomic so two refreshes racing with the same token cannot both win.
constexpr std::string_view kRotateScript = R"lua(
local current = redis.call('HGET', KEYS[1], 'refresh_id')
if not current or redis.call('HGET', KEYS[1], 'user_id') ~= ARGV[4] then return 0 end
if current ~= ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[5])
  return -1
end
redis.call('HSET', KEYS[1], 'refresh_id', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 1
)lua";

}  // namespace

void SessionStore::create(const std::string& session_id, std::int64_t user_id,
                          const std::string& refresh_id, std::chrono::seconds ttl) {
  auto ttl_text = std::to_string(ttl.count());
  auto user = std::to_string(user_id);
  for (const auto& reply : redis_.pipeline({
           {"HSET", session_key(session_id), "user_id", user, "refresh_id", refresh_id},
           {"EXPIRE", session_key(session_id), ttl_text},
           {"SADD", user_sessions_key(user_id), session_id},
           {"EXPIRE", user_sessions_key(user_id), ttl_text},
       })) {
    check(reply);
  }
}

Rotation SessionStore::rotate(const std::string& session_id, std::int64_t user_id,
                              const std::string& presented, const std::string& next,
                              std::chrono::seconds ttl) {
  auto reply = redis_.eval(
      kRotateScript, {session_key(session_id), user_sessions_key(user_id)},
      {presented, next, std::to_string(ttl.count()), std::to_string(user_id), session_id});
  check(reply);
  switch (reply.as_integer()) {
    case 1:
      return Rotation::rotated;
    case -1:
      return Rotation::reused;
    default:
      return Rotation::unknown;
  }
}

void SessionStore::remove(const std::string& session_id, std::int64_t user_id) {
  for (const auto& reply : redis_.pipeline(
           {{"DEL", session_key(session_id)}, {"SREM", user_sessions_key(user_id), session_id}})) {
    check(reply);
  }
}

std::vector<std::string> SessionStore::remove_others(std::int64_t user_id,
                                                     const std::string& keep) {
  auto members = redis_.command({"SMEMBERS", user_sessions_key(user_id)});
  check(members);
  std::vector<std::string> removed;
  std::vector<std::vector<std::string>> commands;
  for (const auto& member : members.elements()) {
    const auto& session_id = member.as_string();
    if (session_id == keep) continue;
    removed.push_back(session_id);
    commands.push_back({"DEL", session_key(session_id)});
    commands.push_back({"SREM", user_sessions_key(user_id), session_id});
  }
  if (!commands.empty()) {
    for (const auto& reply : redis_.pipeline(commands)) check(reply);
  }
  return removed;
}

std::optional<std::chrono::seconds> LoginThrottle::blocked_for(const std::string& account,
                                                               const std::string& address) {
  auto replies = redis_.pipeline({{"GET", account_key(account)},
                                  {"TTL", account_key(account)},
                                  {"GET", address_key(address)},
                                  {"TTL", address_key(address)}});
  for (const auto& reply : replies) check(reply);
  auto count = [](const redis::Reply& reply) {
    return reply.is_nil() ? 0LL : std::stoll(reply.as_string());
  };
  bool account_blocked = count(replies[0]) >= max_per_account_;
  bool address_blocked = count(replies[2]) >= max_per_address_;
  if (!account_blocked && !address_blocked) return std::nullopt;
  long long wait = std::max(account_blocked ? replies[1].as_integer() : 0,
                            address_blocked ? replies[3].as_integer() : 0);
  return std::chrono::seconds(std::max(1LL, wait));
}

void LoginThrottle::record_failure(const std::string& account, const std::string& address) {
  auto window = std::to_string(window_.count());
  for (const auto& reply : redis_.pipeline({{"INCR", account_key(account)},
                                            {"EXPIRE", account_key(account), window, "NX"},
                                            {"INCR", address_key(address)},
                                            {"EXPIRE", address_key(address), window, "NX"}})) {
    check(reply);
  }
}

void LoginThrottle::record_success(const std::string& account) {
  check(redis_.command({"DEL", account_key(account)}));
}

}  // namespace taskflow::auth
