#pragma once
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace taskflow::pg {

// A migrations folder that cannot be used as it is, or a migration that failed.
class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MigrationFile {
  int version;
  std::string file_name;  // "0001_create_users.sql", recorded in schema_migrations.name
};

// How a migration file runs. Normally the whole file is one step, run in one transaction with
// its schema_migrations row. A file whose first line is `-- migrate: no-transaction` runs
// outside any transaction, as the steps between lines that read `-- step`, each sent alone:
// for statements PostgreSQL refuses inside a transaction (CREATE INDEX CONCURRENTLY) and for
// procedures that commit in batches, so a large table is changed while it stays in use. Such a
// file is recorded only after its last step, and an interrupted run starts it again from the
// first step: every step must be safe to repeat.
struct MigrationSteps {
  bool in_transaction = true;
  std::vector<std::string> steps;  // blank steps left out
};
MigrationSteps split_migration(const std::string& sql);

// Orders migration file names by version. Names ending in ".sql" must read
// <digits>_<letters, digits, '_' or '-'>.sql with a version from 1 to 2147483647; other names
// (a README) are ignored. Throws MigrationError naming the offending files for a malformed name
// or two files with the same version.
std::vector<MigrationFile> order_migrations(const std::vector<std::string>& file_names);

// order_migrations() over the regular files of dir; throws MigrationError if dir is missing.
std::vector<MigrationFile> list_migrations(const std::filesystem::path& dir);

// Applies the migrations in dir that schema_migrations does not record yet, in version order,
// each in its own transaction together with its schema_migrations row (see MigrationSteps for
// the files that cannot run in one). A PostgreSQL advisory
// lock held for the whole run makes instances that start together take turns: the later ones
// wait, then find nothing left to do. Returns the number applied. Throws DependencyUnavailable
// if PostgreSQL cannot be reached, MigrationError naming the file if one fails (that file and
// the later ones are not applied).
std::size_t migrate(const std::string& database_url, const std::filesystem::path& dir);

// migrate(), retried once a second while PostgreSQL cannot be reached (it may still be starting
// when a service does), for up to `attempts` tries.
std::size_t migrate_when_reachable(const std::string& database_url,
                                   const std::filesystem::path& dir, int attempts = 30);

}  // namespace taskflow::pg
