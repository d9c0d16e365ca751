#include "taskflow/pg/async_pool.hpp"

#include <unistd.h>

#include <optional>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>
#include <libpq-fe.h>

#include "one_line.hpp"
#include "taskflow/core/errors.hpp"

namespace taskflow::pg {

bool Rows::Row::is_null(int column) const noexcept {
  return PQgetisnull(result_, row_, column) != 0;
}

std::string_view Rows::Row::text(int column) const noexcept {
  return {PQgetvalue(result_, row_, column),
          static_cast<std::size_t>(PQgetlength(result_, row_, column))};
}

int Rows::size() const noexcept {
  return PQntuples(result_.get());
}

void Rows::Clear::operator()(pg_result* result) const noexcept {
  PQclear(result);
}

namespace {

struct FinishConnection {
  void operator()(PGconn* connection) const noexcept { PQfinish(connection); }
};
using ConnectionHandle = std::unique_ptr<PGconn, FinishConnection>;

DependencyUnavailable unavailable(std::string_view reason) {
  return DependencyUnavailable("postgres", one_line(reason));
}

// Errors after which the connection cannot be trusted: connection exceptions (class 08) and the
// server shutting the session down (57P01-57P03).
bool ends_the_session(std::string_view sqlstate) {
  return sqlstate.starts_with("08") || sqlstate.starts_with("57P");
}

}  // namespace

// One libpq connection in non-blocking mode. asio watches a duplicate of its socket, so that
// closing either side never closes a descriptor the other still uses.
class AsyncPool::Connection {
 public:
  Connection(const asio::any_io_executor& executor, ConnectionHandle connection)
      : connection_(std::move(connection)), socket_(executor, ::dup(PQsocket(connection_.get()))) {}

  int fd() const noexcept { return PQsocket(connection_.get()); }
  // Whether the connection must be closed rather than reused: lost, or left mid-statement (its
  // coroutine ended early).
  bool broken() const noexcept {
    return broken_ || in_flight_ || PQstatus(connection_.get()) != CONNECTION_OK;
  }

  Awaitable<Rows> run(const Statement& statement, const std::vector<Param>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
    const int count = static_cast<int>(values.size());
    if (statement.name.empty()) {
      send(PQsendQueryParams(connection_.get(), statement.sql.c_str(), count, nullptr,
                             values.data(), nullptr, nullptr, 0));
      co_return co_await result();
    }
    if (!prepared_.contains(statement.name)) {
      send(PQsendPrepare(connection_.get(), statement.name.c_str(), statement.sql.c_str(), 0,
                         nullptr));
      co_await result();
      prepared_.insert(statement.name);
    }
    send(PQsendQueryPrepared(connection_.get(), statement.name.c_str(), count, values.data(),
                             nullptr, nullptr, 0));
    co_return co_await result();
  }

 private:
  void send(int sent) {
    if (sent == 0) throw lost();
    in_flight_ = true;
  }

  DependencyUnavailable lost() {
    broken_ = true;
    return unavailable(PQerrorMessage(connection_.get()));
  }

  // Sends what libpq buffered, then reads until the statement's last result and returns it.
  Awaitable<Rows> result() {
    PGconn* connection = connection_.get();
    for (int pending = PQflush(connection); pending != 0; pending = PQflush(connection)) {
      if (pending < 0) throw lost();
      co_await socket_.async_wait(asio::posix::stream_descriptor::wait_write, asio::use_awaitable);
    }
    std::optional<Rows> last;
    while (true) {
      while (PQisBusy(connection) != 0) {
        co_await socket_.async_wait(asio::posix::stream_descriptor::wait_read, asio::use_awaitable);
        if (PQconsumeInput(connection) == 0) throw lost();
      }
      PGresult* next = PQgetResult(connection);
      if (next == nullptr) break;
      last.emplace(Rows(next));
    }
    in_flight_ = false;
    if (!last) throw lost();
    co_return check(std::move(*last));
  }

  Rows check(Rows rows) {
    const PGresult* result = rows.result_.get();
    const auto status = PQresultStatus(result);
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return rows;
    const char* field = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const std::string sqlstate = field != nullptr ? field : "";
    const std::string message = PQresultErrorMessage(result);
    if (sqlstate.empty() || ends_the_session(sqlstate) || broken()) {
      broken_ = true;
      throw unavailable(message);
    }
    if (sqlstate == "57014") throw unavailable("statement timeout: " + message);
    throw SqlError(sqlstate, one_line(message));
  }

  ConnectionHandle connection_;
  asio::posix::stream_descriptor socket_;
  std::unordered_set<std::string> prepared_;
  bool broken_ = false;
  bool in_flight_ = false;
};

AsyncPool::AsyncPool(BlockingPool& connect_calls, std::string_view database_url,
                     AsyncPoolOptions options)
    : connect_calls_(connect_calls),
      conninfo_(build_conninfo(database_url, options.connection)),
      connections_("postgres", options.size, options.checkout_timeout) {}

AsyncPool::~AsyncPool() = default;

void AsyncPool::close() noexcept {
  connections_.drop_idle();
}

Awaitable<Rows> AsyncPool::query(const Statement& statement, std::vector<Param> params) {
  auto open_one = [this] { return open(); };
  auto run = [&](Connection& connection) { return connection.run(statement, params); };
  co_return co_await connections_.run<Rows>(open_one, run);
}

Awaitable<std::unique_ptr<AsyncPool::Connection>> AsyncPool::open() {
  auto executor = co_await asio::this_coro::executor;
  auto connect = [this] {
    ConnectionHandle connection(PQconnectdb(conninfo_.c_str()));
    if (!connection) throw unavailable("out of memory");
    if (PQstatus(connection.get()) != CONNECTION_OK) {
      throw unavailable(PQerrorMessage(connection.get()));
    }
    if (PQsetnonblocking(connection.get(), 1) != 0) {
      throw unavailable(PQerrorMessage(connection.get()));
    }
    return connection;
  };
  co_return std::make_unique<Connection>(executor, co_await connect_calls_.run(connect));
}

}  // namespace taskflow::pg
