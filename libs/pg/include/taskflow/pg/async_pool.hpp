#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "taskflow/core/asio.hpp"
#include "taskflow/core/async_connection_pool.hpp"
#include "taskflow/core/blocking_pool.hpp"
#include "taskflow/pg/conninfo.hpp"

struct pg_result;

namespace taskflow::pg {

// An error PostgreSQL reported for a statement on a healthy connection (a bug in the statement,
// or a constraint), with its SQLSTATE.
class SqlError : public std::runtime_error {
 public:
  SqlError(std::string sqlstate, const std::string& message)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const noexcept { return sqlstate_; }

 private:
  std::string sqlstate_;
};

// The rows a statement returned, as text (the statements' results are read in text format).
class Rows {
 public:
  // One row; a field's text stays valid as long as the Rows it came from.
  class Row {
   public:
    bool is_null(int column) const noexcept;
    std::string_view text(int column) const noexcept;

   private:
    friend class Rows;
    Row(const pg_result* result, int row) noexcept : result_(result), row_(row) {}
    const pg_result* result_;
    int row_;
  };

  int size() const noexcept;
  bool empty() const noexcept { return size() == 0; }
  Row operator[](int row) const noexcept { return Row(result_.get(), row); }

 private:
  friend class AsyncPool;
  struct Clear {
    void operator()(pg_result* result) const noexcept;
  };
  explicit Rows(pg_result* result) noexcept : result_(result) {}
  std::unique_ptr<pg_result, Clear> result_;
};

// A statement parameter in text form; nullopt is SQL NULL.
using Param = std::optional<std::string>;

// A statement each connection prepares the first time it runs it; one without a name is sent
// unprepared every time (for statements of unbounded variety, which would pile up prepared).
struct Statement {
  std::string name;
  std::string sql;
};

struct AsyncPoolOptions {
  std::size_t size = 4;
  // How long query() waits for a free connection before giving up with a 503.
  std::chrono::milliseconds checkout_timeout{2000};
  ConnectionSettings connection;
};

// Connections that run one statement without a blocking thread: the calling coroutine sends it,
// its I/O thread goes on serving other requests, and resumes it when the rows arrive. That saves
// the two thread hand-offs of Database::run, which on a busy small machine cost more than the
// statement: for short single-statement reads on hot paths. Connecting, rare and possibly a
// host name lookup, runs on `connect_calls`.
//
// Every failure to reach PostgreSQL (connect refused or timed out, connection lost, statement
// timeout, no free connection in time) surfaces as DependencyUnavailable("postgres", ...); an
// error in the statement itself as SqlError. Limits are the server's statement_timeout and the
// connections' TCP timeouts (ConnectionSettings), as for Pool. Thread-safe; each connection is
// used by one coroutine at a time.
class AsyncPool {
 public:
  // Throws ConfigError for an unparsable URL, std::invalid_argument for size 0; does not connect.
  AsyncPool(BlockingPool& connect_calls, std::string_view database_url,
            AsyncPoolOptions options = {});
  ~AsyncPool();
  AsyncPool(const AsyncPool&) = delete;
  AsyncPool& operator=(const AsyncPool&) = delete;

  // Runs the statement with the parameters and returns its rows.
  Awaitable<Rows> query(const Statement& statement, std::vector<Param> params);

  // Closes the idle connections. Call it before the io_context the queries ran on is destroyed:
  // each connection's socket is registered with it.
  void close() noexcept;

 private:
  class Connection;

  Awaitable<std::unique_ptr<Connection>> open();

  BlockingPool& connect_calls_;
  std::string conninfo_;
  AsyncConnectionPool<Connection> connections_;
};

}  // namespace taskflow::pg
