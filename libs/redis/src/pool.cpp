#include "taskflow/redis/pool.hpp"

#include <exception>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "connection.hpp"
#include "taskflow/core/idle_socket.hpp"

namespace taskflow::redis {
namespace {

std::vector<std::string_view> views_of(const std::vector<std::string>& args) {
  return {args.begin(), args.end()};
}

std::string sha1_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace

Pool::Pool(std::string_view url, PoolOptions options)
    : endpoint_(parse_url(url)), options_(options), unopened_slots_(options.size) {
  if (options.size == 0) throw std::invalid_argument("redis pool: size must be at least 1");
}

template <class Work>
auto Pool::with_connection(Work work) {
  detail::ContextPtr context = checkout();
  try {
    auto result = work(*context);
    give_back(std::move(context));
    return result;
  } catch (const DependencyUnavailable&) {
    // When one connection broke, Redis most likely went away and the idle ones are dead too.
    give_back(nullptr);
    discard_idle();
    throw;
  } catch (...) {
    give_back(nullptr);  // replies may be left unread on it
    throw;
  }
}

Reply Pool::command(std::initializer_list<std::string_view> args) {
  return run_command(std::span(args.begin(), args.size()));
}

Reply Pool::command(const std::vector<std::string>& args) {
  return run_command(views_of(args));
}

Reply Pool::run_command(std::span<const std::string_view> args) {
  return with_connection([args](redisContext& context) {
    detail::append(context, args);
    return detail::next_reply(context);
  });
}

std::vector<Reply> Pool::pipeline(const std::vector<std::vector<std::string>>& commands) {
  return with_connection([&commands](redisContext& context) {
    for (const auto& args : commands) detail::append(context, views_of(args));
    std::vector<Reply> replies;
    replies.reserve(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) {
      replies.push_back(detail::next_reply(context));
    }
    return replies;
  });
}

Reply Pool::eval(std::string_view script, const std::vector<std::string>& keys,
                 const std::vector<std::string>& args) {
  auto sha = sha1_hex(script);
  auto key_count = std::to_string(keys.size());
  std::vector<std::string_view> command{"EVALSHA", sha, key_count};
  command.insert(command.end(), keys.begin(), keys.end());
  command.insert(command.end(), args.begin(), args.end());
  return with_connection([&](redisContext& context) {
    detail::append(context, command);
    Reply reply = detail::next_reply(context);
    if (reply.is_error() && reply.error_message().starts_with("NOSCRIPT")) {
      command[0] = "EVAL";
      command[1] = script;
      detail::append(context, command);
      reply = detail::next_reply(context);
    }
    return reply;
  });
}

detail::ContextPtr Pool::checkout() {
  std::unique_lock lock(mutex_);
  bool available = released_.wait_for(lock, options_.checkout_timeout,
                                      [this] { return !idle_.empty() || unopened_slots_ > 0; });
  if (!available) {
    throw DependencyUnavailable("redis",
                                fmt::format("no free connection within {} ms (pool of {})",
                                            options_.checkout_timeout.count(), options_.size));
  }
  while (!idle_.empty()) {
    auto context = std::move(idle_.back());
    idle_.pop_back();
    if (!idle_socket_closed(context->fd)) return context;
    // Dropped here, so a restarted Redis costs no request a 503.
    ++unopened_slots_;
  }
  --unopened_slots_;
  lock.unlock();
  try {
    return detail::connect(endpoint_, options_.connect_timeout, options_.command_timeout);
  } catch (...) {
    give_back(nullptr);
    throw;
  }
}

void Pool::give_back(detail::ContextPtr context) noexcept {
  {
    std::lock_guard lock(mutex_);
    if (context) {
      idle_.push_back(std::move(context));
    } else {
      ++unopened_slots_;
    }
  }
  released_.notify_one();
}

void Pool::discard_idle() noexcept {
  std::vector<detail::ContextPtr> dead;
  {
    std::lock_guard lock(mutex_);
    dead.swap(idle_);
    unopened_slots_ += dead.size();
  }
  released_.notify_all();
}

}  // namespace taskflow::redis
