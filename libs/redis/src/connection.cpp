#include "connection.hpp"

#include <csignal>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace taskflow::redis::detail {
namespace {

timeval to_timeval(std::chrono::milliseconds duration) {
  return {.tv_sec = static_cast<time_t>(duration.count() / 1000),
          .tv_usec = static_cast<suseconds_t>(duration.count() % 1000 * 1000)};
}

// hiredis writes with write(), not send(MSG_NOSIGNAL): writing to a connection Redis has reset
// would raise SIGPIPE and kill the process. A handler the program installed is left alone.
void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      std::signal(SIGPIPE, SIG_IGN);
    }
  });
}

void expect_ok(redisContext& context, std::initializer_list<std::string_view> args) {
  append(context, std::span(args.begin(), args.size()));
  Reply reply = next_reply(context);
  if (reply.is_error()) {
    throw DependencyUnavailable("redis",
                                fmt::format("{} failed: {}", *args.begin(), reply.error_message()));
  }
}

}  // namespace

void ContextDeleter::operator()(redisContext* context) const noexcept {
  redisFree(context);
}

DependencyUnavailable failure(const redisContext& context) {
  return DependencyUnavailable("redis", context.errstr[0] != '\0' ? context.errstr : "I/O error");
}

ContextPtr connect(const Endpoint& endpoint, std::chrono::milliseconds connect_timeout,
                   std::chrono::milliseconds command_timeout) {
  ignore_sigpipe_once();
  ContextPtr context(
      redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, to_timeval(connect_timeout)));
  if (!context) throw DependencyUnavailable("redis", "out of memory");
  if (context->err != 0) {
    throw DependencyUnavailable("redis", fmt::format("connect to {}:{}: {}", endpoint.host,
                                                     endpoint.port, context->errstr));
  }
  // Keepalives notice a vanished host on connections that wait a long time for data (a quiet
  // subscription), where no read timeout applies.
  if (redisSetTimeout(context.get(), to_timeval(command_timeout)) != REDIS_OK ||
      redisEnableKeepAlive(context.get()) != REDIS_OK) {
    throw failure(*context);
  }
  if (!endpoint.password.empty()) {
    if (endpoint.username.empty()) {
      expect_ok(*context, {"AUTH", endpoint.password});
    } else {
      expect_ok(*context, {"AUTH", endpoint.username, endpoint.password});
    }
  }
  if (endpoint.database != 0) {
    expect_ok(*context, {"SELECT", std::to_string(endpoint.database)});
  }
  return context;
}

void append(redisContext& context, std::span<const std::string_view> args) {
  // Redis silently ignores an empty command, so its reply would never come.
  if (args.empty()) throw std::invalid_argument("redis: empty command");
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
  pointers.reserve(args.size());
  lengths.reserve(args.size());
  for (auto arg : args) {
    pointers.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAppendCommandArgv(&context, static_cast<int>(args.size()), pointers.data(),
                             lengths.data()) != REDIS_OK) {
    throw failure(context);
  }
}

Reply next_reply(redisContext& context) {
  void* raw = nullptr;
  if (redisGetReply(&context, &raw) != REDIS_OK || raw == nullptr) throw failure(context);
  ReplyPtr reply(static_cast<redisReply*>(raw));
  Reply result = Reply::from_hiredis(*reply);
  if (is_unavailable(result)) throw DependencyUnavailable("redis", result.error_message());
  return result;
}

}  // namespace taskflow::redis::detail
