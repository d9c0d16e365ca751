#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "taskflow/core/asio.hpp"
#include "taskflow/core/blocking_pool.hpp"
#include "taskflow/redis/pool.hpp"
#include "taskflow/redis/reply.hpp"

namespace taskflow::redis {

// The connection pool plus the threads its blocking calls run on, for coroutine callers.
// Name argument vectors before co_await: a braced list inside a co_await expression
// miscompiles with g++ 12. Code already on a BlockingPool thread calls pool() directly.
class Client {
 public:
  // Throws ConfigError for a bad URL; does not connect.
  Client(BlockingPool& blocking, std::string_view url, PoolOptions options = {});

  Awaitable<Reply> command(std::vector<std::string> args);
  Awaitable<std::vector<Reply>> pipeline(std::vector<std::vector<std::string>> commands);
  // PING, for /ready. Never throws.
  Awaitable<bool> ping();

  Pool& pool() noexcept { return pool_; }

 private:
  BlockingPool& blocking_;
  Pool pool_;
};

}  // namespace taskflow::redis
