#include "taskflow/pg/database.hpp"

#include <exception>

#include <pqxx/nontransaction>

#include "taskflow/core/log.hpp"

namespace taskflow::pg {

Database::Database(BlockingPool& blocking, std::string_view database_url, PoolOptions options)
    : blocking_(blocking), pool_(database_url, options) {}

Awaitable<bool> Database::ping() {
  try {
    co_await run([](pqxx::connection& connection) {
      pqxx::nontransaction tx(connection);
      tx.exec("SELECT 1");
    });
    co_return true;
  } catch (const std::exception& e) {
    log::warn("postgres ping failed", {{"error", e.what()}});
    co_return false;
  }
}

}  // namespace taskflow::pg
