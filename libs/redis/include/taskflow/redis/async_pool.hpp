#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "taskflow/core/asio.hpp"
#include "taskflow/core/async_connection_pool.hpp"
#include "taskflow/redis/reply.hpp"
#include "taskflow/redis/url.hpp"

namespace taskflow::redis {

struct AsyncPoolOptions {
  std::size_t size = 4;
  std::chrono::milliseconds connect_timeout{1000};
  // Limits each command, write to reply, so a hung Redis costs a caller at most this long.
  std::chrono::milliseconds command_timeout{1000};
  // How long a caller waits for a free connection before giving up with a 503.
  std::chrono::milliseconds checkout_timeout{1000};
};

// Redis connections whose commands run on the calling coroutine's I/O thread: asio writes the
// command and reads the reply, hiredis's reader parses it. That saves the two thread hand-offs
// of Pool on a blocking thread, for single commands on hot paths. Errors as Pool's: Redis
// answering with an error is a Reply of type error; Redis unreachable, slower than the timeouts
// or gone is DependencyUnavailable("redis", ...). Thread-safe; each connection serves one
// coroutine at a time, which must run on a strand (or a one-thread io_context).
class AsyncPool {
 public:
  // Throws ConfigError for a bad URL, std::invalid_argument for size 0; does not connect.
  explicit AsyncPool(std::string_view url, AsyncPoolOptions options = {});
  ~AsyncPool();
  AsyncPool(const AsyncPool&) = delete;
  AsyncPool& operator=(const AsyncPool&) = delete;

  Awaitable<Reply> command(std::vector<std::string> args);
  // The commands written at once, their replies read in order: one round trip.
  Awaitable<std::vector<Reply>> pipeline(std::vector<std::vector<std::string>> commands);

  // Closes the idle connections. Call it before the io_context the commands ran on is destroyed:
  // each connection's socket belongs to it.
  void close() noexcept;

 private:
  class Connection;

  Awaitable<std::unique_ptr<Connection>> open();

  Endpoint endpoint_;
  AsyncPoolOptions options_;
  AsyncConnectionPool<Connection> connections_;
};

}  // namespace taskflow::redis
