#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <pqxx/connection>
#include <pqxx/except>

#include "taskflow/core/errors.hpp"
#include "taskflow/pg/conninfo.hpp"

namespace taskflow::pg {

// Whether error, thrown while using connection, means the connection is gone. Beyond
// broken_connection, libpqxx 6.4 reports the server ending the session (shutdown,
// pg_terminate_backend) and wire errors as other exceptions, the latter as an sql_error
// without SQLSTATE.
bool is_connection_lost(const pqxx::connection& connection, const std::exception& error) noexcept;

struct PoolOptions {
  std::size_t size = 4;
  // How long checkout() waits for a free connection before giving up with a 503.
  std::chrono::milliseconds checkout_timeout{2000};
  ConnectionSettings connection;
};

// A fixed number of libpqxx connections, opened on first use and reopened after they break.
// Every failure to reach PostgreSQL (connect refused or timed out, connection lost, no free
// connection in time) surfaces as DependencyUnavailable("postgres", ...). Thread-safe.
class Pool {
 public:
  // Exclusive use of one connection; gives it back to the pool when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    pqxx::connection& operator*() const noexcept { return *connection_; }
    pqxx::connection* operator->() const noexcept { return connection_.get(); }

    // Closes the connection instead of returning it, so the next user opens a fresh one.
    void discard() noexcept { discarded_ = true; }

   private:
    friend class Pool;
    Lease(Pool& pool, std::unique_ptr<pqxx::connection> connection) noexcept;

    Pool* pool_;
    std::unique_ptr<pqxx::connection> connection_;
    bool discarded_ = false;
  };

  // Throws ConfigError for an unparsable URL, std::invalid_argument for size 0; does not connect.
  explicit Pool(std::string_view database_url, PoolOptions options = {});
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Waits up to checkout_timeout for a free connection, opening one if a slot is empty.
  Lease checkout();

  // Runs work(pqxx::connection&) on a leased connection, blocking the calling thread. A lost
  // connection is discarded and reported as DependencyUnavailable; other exceptions (sql_error
  // and friends) propagate unchanged.
  template <class Work>
  std::invoke_result_t<Work&, pqxx::connection&> with_connection(Work&& work);

 private:
  std::unique_ptr<pqxx::connection> open();
  void give_back(std::unique_ptr<pqxx::connection> connection) noexcept;
  // Drops the lease's connection and the idle ones: when one connection broke, the server most
  // likely went away and the idle ones are dead too.
  DependencyUnavailable connection_lost(Lease& lease, std::string_view reason);

  std::string conninfo_;
  PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  std::size_t unopened_slots_;
};

template <class Work>
std::invoke_result_t<Work&, pqxx::connection&> Pool::with_connection(Work&& work) {
  Lease lease = checkout();
  try {
    return std::invoke(work, *lease);
  } catch (const pqxx::in_doubt_error& e) {
    throw connection_lost(
        lease, std::string("connection lost during commit, outcome unknown: ") + e.what());
  } catch (const std::exception& e) {
    if (is_connection_lost(*lease, e)) throw connection_lost(lease, e.what());
    throw;
  }
}

}  // namespace taskflow::pg
