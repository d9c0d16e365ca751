#include "taskflow/pg/pool.hpp"

#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "one_line.hpp"
#include "taskflow/core/idle_socket.hpp"

namespace taskflow::pg {

bool is_connection_lost(const pqxx::connection& connection, const std::exception& error) noexcept {
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) return true;
  const auto* sql_error = dynamic_cast<const pqxx::sql_error*>(&error);
  return !connection.is_open() || (sql_error != nullptr && sql_error->sqlstate().empty());
}

Pool::Lease::Lease(Pool& pool, std::unique_ptr<pqxx::connection> connection) noexcept
    : pool_(&pool), connection_(std::move(connection)) {}

Pool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)), discarded_(other.discarded_) {}

Pool::Lease::~Lease() {
  if (!connection_) return;
  if (discarded_ || !connection_->is_open()) connection_.reset();
  pool_->give_back(std::move(connection_));
}

Pool::Pool(std::string_view database_url, PoolOptions options)
    : conninfo_(build_conninfo(database_url, options.connection)),
      options_(options),
      unopened_slots_(options.size) {
  if (options.size == 0) throw std::invalid_argument("postgres pool: size must be at least 1");
}

Pool::Lease Pool::checkout() {
  std::unique_lock lock(mutex_);
  bool available = released_.wait_for(lock, options_.checkout_timeout,
                                      [this] { return !idle_.empty() || unopened_slots_ > 0; });
  if (!available) {
    throw DependencyUnavailable("postgres",
                                fmt::format("no free connection within {} ms (pool of {})",
                                            options_.checkout_timeout.count(), options_.size));
  }
  while (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    if (!idle_socket_closed(connection->sock())) return Lease(*this, std::move(connection));
    // Dropped here, so a restarted PostgreSQL costs no request a 503.
    ++unopened_slots_;
  }
  --unopened_slots_;
  lock.unlock();
  try {
    return Lease(*this, open());
  } catch (...) {
    give_back(nullptr);
    throw;
  }
}

std::unique_ptr<pqxx::connection> Pool::open() {
  try {
    return std::make_unique<pqxx::connection>(conninfo_);
  } catch (const pqxx::broken_connection& e) {
    throw DependencyUnavailable("postgres", one_line(e.what()));
  }
}

void Pool::give_back(std::unique_ptr<pqxx::connection> connection) noexcept {
  {
    std::lock_guard lock(mutex_);
    if (connection) {
      idle_.push_back(std::move(connection));
    } else {
      ++unopened_slots_;
    }
  }
  released_.notify_one();
}

DependencyUnavailable Pool::connection_lost(Lease& lease, std::string_view reason) {
  lease.discard();
  std::vector<std::unique_ptr<pqxx::connection>> dead;
  {
    std::lock_guard lock(mutex_);
    dead.swap(idle_);
    unopened_slots_ += dead.size();
  }
  released_.notify_all();
  return DependencyUnavailable("postgres", one_line(reason));
}

}  // namespace taskflow::pg
