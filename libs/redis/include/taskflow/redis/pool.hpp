#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <initializer_list>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "taskflow/redis/detail/context.hpp"
#include "taskflow/redis/reply.hpp"
#include "taskflow/redis/url.hpp"

namespace taskflow::redis {

struct PoolOptions {
  std::size_t size = 4;
  std::chrono::milliseconds connect_timeout{1000};
  // Limits each socket read and write, so a hung Redis costs a caller at most this long.
  std::chrono::milliseconds command_timeout{1000};
  // How long a caller waits for a free connection before giving up with a 503.
  std::chrono::milliseconds checkout_timeout{1000};
};

// A fixed number of blocking hiredis connections, opened on first use and reopened after they
// break. Call it from BlockingPool threads (or through Client), never from I/O threads.
// Redis answering with an error (WRONGTYPE...) is a Reply of type error; Redis being
// unreachable, slow or gone is DependencyUnavailable("redis", ...). Thread-safe.
//
// hiredis writes with write(), so a connection Redis reset could raise SIGPIPE: the first
// connection sets SIGPIPE to ignored unless the program installed a handler of its own.
class Pool {
 public:
  // Throws ConfigError for a bad URL, std::invalid_argument for size 0; does not connect.
  explicit Pool(std::string_view url, PoolOptions options = {});
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Arguments are binary-safe: they may hold NULs. An empty command is std::invalid_argument.
  Reply command(std::initializer_list<std::string_view> args);
  Reply command(const std::vector<std::string>& args);

  // Sends all commands at once, then reads one reply per command, in order. Not atomic by
  // itself: wrap the commands in MULTI ... EXEC for that.
  std::vector<Reply> pipeline(const std::vector<std::vector<std::string>>& commands);

  // Runs a Lua script by its SHA1 (EVALSHA), sending the script itself (EVAL) only when Redis
  // does not know it yet.
  Reply eval(std::string_view script, const std::vector<std::string>& keys,
             const std::vector<std::string>& args);

 private:
  Reply run_command(std::span<const std::string_view> args);
  template <class Work>
  auto with_connection(Work work);
  detail::ContextPtr checkout();
  void give_back(detail::ContextPtr context) noexcept;
  void discard_idle() noexcept;

  Endpoint endpoint_;
  PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<detail::ContextPtr> idle_;
  std::size_t unopened_slots_;
};

}  // namespace taskflow::redis
