#include "taskflow/pg/migrate.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pqxx/connection>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "taskflow/core/config.hpp"
#include "taskflow/core/errors.hpp"
#include "taskflow/core/log.hpp"
#include "taskflow/pg/conninfo.hpp"
#include "taskflow/pg/pool.hpp"

#include "one_line.hpp"

namespace taskflow::pg {
namespace {

// Advisory locks are scoped to one database, so a constant key only meets other TaskFlow
// instances migrating the same database. The value is "taskflow" in ASCII.
constexpr std::int64_t kMigrationLockKey = 0x7461736b666c6f77;

bool ends_with_sql(std::string_view name) {
  return name.ends_with(".sql");
}

std::optional<int> version_of(std::string_view file_name) {
  auto stem = file_name.substr(0, file_name.size() - std::string_view(".sql").size());
  auto underscore = stem.find('_');
  if (underscore == std::string_view::npos || underscore + 1 == stem.size()) return std::nullopt;
  auto digits = stem.substr(0, underscore);
  auto description = stem.substr(underscore + 1);
  bool all_digits = !digits.empty() && std::all_of(digits.begin(), digits.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  bool valid_description = std::all_of(description.begin(), description.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  if (!all_digits || !valid_description) return std::nullopt;
  auto version = parse_integer(digits, 1, INT32_MAX);
  if (!version) return std::nullopt;
  return static_cast<int>(*version);
}

std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  if (!file) throw MigrationError(fmt::format("cannot read migration {}", path.string()));
  return contents.str();
}

std::unique_ptr<pqxx::connection> connect(const std::string& database_url) {
  // No statement timeout: a migration may rebuild a big index, and waiting for another
  // instance's lock is the point.
  auto conninfo = build_conninfo(database_url, {.statement_timeout = std::chrono::seconds(0)});
  try {
    return std::make_unique<pqxx::connection>(conninfo);
  } catch (const pqxx::broken_connection& e) {
    throw DependencyUnavailable("postgres", one_line(e.what()));
  }
}

// A session-level lock: it spans the per-migration transactions, and closing the connection
// releases it whatever happens. Taken by polling, never by waiting inside a statement: a
// waiting statement is a running transaction, which CREATE INDEX CONCURRENTLY in the holder's
// migration would wait for in turn (a deadlock).
void wait_for_migration_lock(pqxx::connection& connection) {
  constexpr auto kPollInterval = std::chrono::milliseconds(100);
  for (;;) {
    pqxx::nontransaction tx(connection);
    if (tx.exec_params("SELECT pg_try_advisory_lock($1)", kMigrationLockKey)[0][0].as<bool>()) {
      return;
    }
    tx.commit();
    std::this_thread::sleep_for(kPollInterval);
  }
}

std::set<int> applied_versions(pqxx::connection& connection) {
  pqxx::work tx(connection);
  tx.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version integer PRIMARY KEY,"
      " name text NOT NULL,"
      " applied_at timestamptz NOT NULL DEFAULT now())");
  std::set<int> versions;
  for (const auto& row : tx.exec("SELECT version FROM schema_migrations")) {
    versions.insert(row[0].as<int>());
  }
  tx.commit();
  return versions;
}

void record(pqxx::transaction_base& tx, const MigrationFile& migration) {
  tx.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", migration.version,
                 migration.file_name);
}

void apply(pqxx::connection& connection, const MigrationFile& migration, const std::string& sql) {
  try {
    const auto plan = split_migration(sql);
    if (plan.in_transaction) {
      pqxx::work tx(connection);
      for (const auto& step : plan.steps) tx.exec(step);
      record(tx, migration);
      tx.commit();
    } else {
      pqxx::nontransaction tx(connection);
      for (const auto& step : plan.steps) tx.exec(step);
      record(tx, migration);
    }
  } catch (const std::exception& e) {
    // A lost connection says nothing about the migration; the next start retries it.
    if (is_connection_lost(connection, e)) {
      throw DependencyUnavailable("postgres", one_line(e.what()));
    }
    throw MigrationError(
        fmt::format("migration {} failed: {}", migration.file_name, one_line(e.what())));
  }
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

MigrationSteps split_migration(const std::string& sql) {
  constexpr std::string_view kNoTransaction = "-- migrate: no-transaction";
  constexpr std::string_view kStep = "-- step";
  MigrationSteps plan;
  std::istringstream lines(sql);
  std::string line;
  std::string step;
  bool first_line = true;
  while (std::getline(lines, line)) {
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.back() == '\r' || trimmed.back() == ' ')) {
      trimmed.remove_suffix(1);
    }
    if (first_line && trimmed == kNoTransaction) plan.in_transaction = false;
    first_line = false;
    if (!plan.in_transaction && trimmed == kStep) {
      if (!is_blank(step)) plan.steps.push_back(std::move(step));
      step.clear();
      continue;
    }
    step += line;
    step += '\n';
  }
  if (!is_blank(step)) plan.steps.push_back(std::move(step));
  return plan;
}

std::vector<MigrationFile> order_migrations(const std::vector<std::string>& file_names) {
  std::vector<MigrationFile> migrations;
  std::vector<std::string> malformed;
  for (const auto& name : file_names) {
    if (!ends_with_sql(name)) continue;
    if (auto version = version_of(name)) {
      migrations.push_back({*version, name});
    } else {
      malformed.push_back(name);
    }
  }
  if (!malformed.empty()) {
    std::sort(malformed.begin(), malformed.end());
    throw MigrationError(
        fmt::format("malformed migration file names (expected e.g. 0001_create_users.sql): {}",
                    fmt::join(malformed, ", ")));
  }
  std::sort(migrations.begin(), migrations.end(), [](const auto& a, const auto& b) {
    return a.version != b.version ? a.version < b.version : a.file_name < b.file_name;
  });
  std::vector<std::string> duplicates;
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      duplicates.push_back(
          fmt::format("{} and {}", migrations[i - 1].file_name, migrations[i].file_name));
    }
  }
  if (!duplicates.empty()) {
    throw MigrationError(
        fmt::format("migrations share a version number: {}", fmt::join(duplicates, "; ")));
  }
  return migrations;
}

std::vector<MigrationFile> list_migrations(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::directory_iterator entries(dir, error);
  if (error) {
    throw MigrationError(
        fmt::format("cannot read migrations folder {}: {}", dir.string(), error.message()));
  }
  std::vector<std::string> file_names;
  for (const auto& entry : entries) {
    if (entry.is_regular_file()) file_names.push_back(entry.path().filename().string());
  }
  return order_migrations(file_names);
}

std::size_t migrate(const std::string& database_url, const std::filesystem::path& dir) {
  auto migrations = list_migrations(dir);
  auto connection = connect(database_url);
  try {
    wait_for_migration_lock(*connection);
    auto applied = applied_versions(*connection);
    std::size_t count = 0;
    for (const auto& migration : migrations) {
      if (applied.contains(migration.version)) continue;
      apply(*connection, migration, read_whole_file(dir / migration.file_name));
      log::info("applied migration",
                {{"version", migration.version}, {"name", migration.file_name}});
      ++count;
    }
    return count;
  } catch (const pqxx::failure& e) {
    if (is_connection_lost(*connection, e)) {
      throw DependencyUnavailable("postgres", one_line(e.what()));
    }
    throw;
  }
}

std::size_t migrate_when_reachable(const std::string& database_url,
                                   const std::filesystem::path& dir, int attempts) {
  for (int attempt = 1;; ++attempt) {
    try {
      return migrate(database_url, dir);
    } catch (const DependencyUnavailable& e) {
      if (attempt >= attempts) throw;
      log::warn("waiting for postgres", {{"error", e.what()}});
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
}

}  // namespace taskflow::pg
