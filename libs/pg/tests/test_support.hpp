#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "taskflow/testing/processes.hpp"

namespace taskflow::pg::testing {

using ::taskflow::testing::free_port;
using ::taskflow::testing::TempDir;

// The PostgreSQL the tests run against: TASKFLOW_TEST_DATABASE_URL if set (its role needs
// CREATEDB), otherwise a throwaway cluster in a temp folder on a free port, removed afterwards.
class TestPostgres {
 public:
  // Why no server can be provided (no URL and no PostgreSQL binaries), or nullopt.
  static std::optional<std::string> unavailable_reason();

  // Starts the throwaway cluster when there is no URL; throws std::runtime_error on failure.
  TestPostgres();
  ~TestPostgres();
  TestPostgres(const TestPostgres&) = delete;
  TestPostgres& operator=(const TestPostgres&) = delete;

  // False when the server came from TASKFLOW_TEST_DATABASE_URL and cannot be stopped.
  bool owns_server() const { return root_.has_value(); }
  void stop();
  void start();

  // Creates an empty database and returns its name.
  std::string create_database();
  std::string url_of(const std::string& database) const;
  void drop_database(const std::string& database);

 private:
  void run_as_postgres(const std::vector<std::string>& args);

  std::string admin_url_;
  std::optional<TempDir> root_;  // holds data, socket and logs
  std::filesystem::path data_dir_;
  std::filesystem::path bin_dir_;
  int port_ = 0;
  int databases_created_ = 0;
};

}  // namespace taskflow::pg::testing
