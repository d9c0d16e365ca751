#include "taskflow/pg/async_pool.hpp"

#include <unistd.h>

#include <exception>
#include <optional>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>
#include <libpq-fe.h>

#include "one_line.hpp"
#include "taskflow/core/errors.hpp"
#include "taskflow/core/idle_socket.hpp"

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
using ResultHandle = std::unique_ptr<PGresult, void (*)(PGresult*)>;

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

  Awaitable<Rows> run(const Statement& statement, const std::vector<std::string>& params) {
    if (!prepared_.contains(statement.name)) {
      send(PQsendPrepare(connection_.get(), statement.name.c_str(), statement.sql.c_str(), 0,
                         nullptr));
      co_await result();
      prepared_.insert(statement.name);
    }
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) values.push_back(param.c_str());
    send(PQsendQueryPrepared(connection_.get(), statement.name.c_str(),
                             static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0));
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

// A coroutine waiting for a connection. give_back() hands one over (or, for a freed slot, the
// right to open one) and cancels the timer, on the waiter's own executor.
struct AsyncPool::Waiter {
  explicit Waiter(const asio::any_io_executor& executor) : timer(executor) {}
  asio::steady_timer timer;
  ConnectionPtr handed;
  bool may_open = false;
};

AsyncPool::AsyncPool(BlockingPool& connect_calls, std::string_view database_url,
                     AsyncPoolOptions options)
    : connect_calls_(connect_calls),
      conninfo_(build_conninfo(database_url, options.connection)),
      options_(options),
      unopened_slots_(options.size) {
  if (options.size == 0)
    throw std::invalid_argument("postgres async pool: size must be at least 1");
}

AsyncPool::~AsyncPool() = default;

Awaitable<Rows> AsyncPool::query(const Statement& statement, std::vector<std::string> params) {
  ConnectionPtr connection = co_await checkout();
  std::exception_ptr failure;
  std::optional<Rows> rows;
  try {
    rows.emplace(co_await connection->run(statement, params));
  } catch (...) {
    failure = std::current_exception();
  }
  if (connection->broken()) {
    connection.reset();
    release_slot();
    drop_idle();
  } else {
    give_back(std::move(connection));
  }
  if (failure) std::rethrow_exception(failure);
  co_return std::move(*rows);
}

Awaitable<AsyncPool::ConnectionPtr> AsyncPool::checkout() {
  auto executor = co_await asio::this_coro::executor;
  std::shared_ptr<Waiter> waiter;
  {
    std::lock_guard lock(mutex_);
    while (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      if (!idle_socket_closed(connection->fd())) co_return connection;
      // Dropped here, so a restarted PostgreSQL costs no request a 503.
      ++unopened_slots_;
    }
    if (unopened_slots_ > 0) {
      --unopened_slots_;
    } else {
      waiter = std::make_shared<Waiter>(executor);
      waiter->timer.expires_after(options_.checkout_timeout);
      waiters_.push_back(waiter);
    }
  }
  if (waiter) {
    boost::system::error_code ignored;
    co_await waiter->timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    std::lock_guard lock(mutex_);
    if (waiter->handed) co_return std::move(waiter->handed);
    if (!waiter->may_open) {
      std::erase(waiters_, waiter);
      throw unavailable(fmt::format("no free connection within {} ms (pool of {})",
                                    options_.checkout_timeout.count(), options_.size));
    }
  }
  co_return co_await open();
}

Awaitable<AsyncPool::ConnectionPtr> AsyncPool::open() {
  auto executor = co_await asio::this_coro::executor;
  std::exception_ptr failure;
  ConnectionPtr opened;
  try {
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
    opened = std::make_unique<Connection>(executor, co_await connect_calls_.run(connect));
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    release_slot();
    std::rethrow_exception(failure);
  }
  co_return opened;
}

void AsyncPool::give_back(ConnectionPtr connection) noexcept {
  std::shared_ptr<Waiter> waiter;
  {
    std::lock_guard lock(mutex_);
    if (waiters_.empty()) {
      idle_.push_back(std::move(connection));
      return;
    }
    waiter = std::move(waiters_.front());
    waiters_.pop_front();
    waiter->handed = std::move(connection);
  }
  asio::post(waiter->timer.get_executor(), [waiter] { waiter->timer.cancel(); });
}

void AsyncPool::release_slot() noexcept {
  std::shared_ptr<Waiter> waiter;
  {
    std::lock_guard lock(mutex_);
    if (waiters_.empty()) {
      ++unopened_slots_;
      return;
    }
    waiter = std::move(waiters_.front());
    waiters_.pop_front();
    waiter->may_open = true;
  }
  asio::post(waiter->timer.get_executor(), [waiter] { waiter->timer.cancel(); });
}

void AsyncPool::drop_idle() noexcept {
  std::vector<ConnectionPtr> dead;
  {
    std::lock_guard lock(mutex_);
    dead.swap(idle_);
  }
  for (std::size_t i = 0; i < dead.size(); ++i) release_slot();
}

}  // namespace taskflow::pg
