#pragma once
// hiredis plumbing shared by Pool and Subscriber.
#include <chrono>
#include <memory>
#include <span>
#include <string_view>

#include <hiredis/hiredis.h>

#include "taskflow/core/errors.hpp"
#include "taskflow/redis/detail/context.hpp"
#include "taskflow/redis/reply.hpp"
#include "taskflow/redis/url.hpp"

namespace taskflow::redis::detail {

struct ReplyDeleter {
  void operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

// The context's I/O or protocol error as a DependencyUnavailable; the context is unusable after.
DependencyUnavailable failure(const redisContext& context);

// Opens a connection, authenticates and selects the database, with every socket operation
// limited by command_timeout. Throws DependencyUnavailable.
ContextPtr connect(const Endpoint& endpoint, std::chrono::milliseconds connect_timeout,
                   std::chrono::milliseconds command_timeout);

// Queues a command in the context's output buffer (binary-safe); nothing is sent yet.
void append(redisContext& context, std::span<const std::string_view> args);

// Sends what is queued and reads the next reply. Throws DependencyUnavailable.
Reply next_reply(redisContext& context);

}  // namespace taskflow::redis::detail
