#pragma once
#include <string_view>
#include <type_traits>
#include <utility>

#include <pqxx/connection>

#include "taskflow/core/asio.hpp"
#include "taskflow/core/blocking_pool.hpp"
#include "taskflow/pg/pool.hpp"

namespace taskflow::pg {

// The connection pool plus the threads its blocking calls run on, for coroutine callers:
//
//   auto id = co_await db.run([&](pqxx::connection& c) {
//     pqxx::work tx(c);
//     auto row = tx.exec_params1("INSERT ... RETURNING id", ...);
//     tx.commit();
//     return row[0].as<long>();
//   });
//
// Code already on a BlockingPool thread calls pool().with_connection(...) directly.
// g++ 12 destroys a lambda temporary inside a co_await expression twice: capture by reference
// as above, or name a lambda that captures strings or other owning values before co_await.
class Database {
 public:
  // Throws ConfigError for an unparsable URL; does not connect.
  Database(BlockingPool& blocking, std::string_view database_url, PoolOptions options = {});

  // Runs work(pqxx::connection&) on a blocking thread with a leased connection and resumes the
  // caller with its result. A lost connection arrives as DependencyUnavailable; other exceptions
  // (pqxx::unique_violation and friends) arrive unchanged.
  template <class Work>
  Awaitable<std::invoke_result_t<Work&, pqxx::connection&>> run(Work work);

  // SELECT 1, for /ready. Never throws.
  Awaitable<bool> ping();

  Pool& pool() noexcept { return pool_; }

 private:
  BlockingPool& blocking_;
  Pool pool_;
};

template <class Work>
Awaitable<std::invoke_result_t<Work&, pqxx::connection&>> Database::run(Work work) {
  // Named before co_await, see the class comment.
  auto leased = [this, work = std::move(work)]() mutable { return pool_.with_connection(work); };
  co_return co_await blocking_.run(std::move(leased));
}

}  // namespace taskflow::pg
