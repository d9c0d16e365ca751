#include "taskflow/redis/client.hpp"

#include <exception>
#include <utility>

#include "taskflow/core/log.hpp"

namespace taskflow::redis {

Client::Client(BlockingPool& blocking, std::string_view url, PoolOptions options)
    : blocking_(blocking), pool_(url, options) {}

// The work lambdas are named before co_await: g++ 12 destroys a capturing lambda temporary
// inside a co_await expression twice.
Awaitable<Reply> Client::command(std::vector<std::string> args) {
  auto work = [this, args = std::move(args)] { return pool_.command(args); };
  co_return co_await blocking_.run(std::move(work));
}

Awaitable<std::vector<Reply>> Client::pipeline(std::vector<std::vector<std::string>> commands) {
  auto work = [this, commands = std::move(commands)] { return pool_.pipeline(commands); };
  co_return co_await blocking_.run(std::move(work));
}

Awaitable<bool> Client::ping() {
  try {
    auto reply = co_await blocking_.run([this] { return pool_.command({"PING"}); });
    if (!reply.is_error()) co_return true;
    log::warn("redis ping failed", {{"error", reply.error_message()}});  // e.g. LOADING
    co_return false;
  } catch (const std::exception& e) {
    log::warn("redis ping failed", {{"error", e.what()}});
    co_return false;
  }
}

}  // namespace taskflow::redis
