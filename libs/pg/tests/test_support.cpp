#include "test_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>
#include <pqxx/connection>
#include <pqxx/nontransaction>

extern char** environ;

namespace taskflow::pg::testing {
namespace {

// The newest /usr/lib/postgresql/<version>/bin that has initdb.
std::optional<std::filesystem::path> find_bin_dir() {
  std::error_code error;
  std::optional<std::filesystem::path> newest;
  int newest_version = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
    int version = std::atoi(entry.path().filename().c_str());
    if (version > newest_version && std::filesystem::exists(entry.path() / "bin" / "initdb")) {
      newest_version = version;
      newest = entry.path() / "bin";
    }
  }
  return newest;
}

// Runs a command to completion with its output appended to log_file; throws if it fails.
void run_command(const std::vector<std::string>& args, const std::filesystem::path& log_file) {
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_file.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  int spawn_error = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    throw std::runtime_error(fmt::format("cannot run {}: {}", args[0], std::strerror(spawn_error)));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream log(log_file);
    std::stringstream output;
    output << log.rdbuf();
    throw std::runtime_error(
        fmt::format("{} failed (status {}); output:\n{}", args[0], status, output.str()));
  }
}

// Replaces the database name (the path) of a postgresql:// URL, keeping any ?query.
std::string with_database(const std::string& url, const std::string& database) {
  auto authority_end = url.find_first_of("/?", url.find("://") + 3);
  if (authority_end == std::string::npos) return url + "/" + database;
  auto query = url.find('?', authority_end);
  return url.substr(0, authority_end) + "/" + database +
         (query == std::string::npos ? "" : url.substr(query));
}

void execute_outside_transaction(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::nontransaction tx(connection);
  tx.exec(sql);
}

}  // namespace

std::optional<std::string> TestPostgres::unavailable_reason() {
  if (::taskflow::testing::external_url("TASKFLOW_TEST_DATABASE_URL") || find_bin_dir())
    return std::nullopt;
  return "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin; install the "
         "postgresql package or set TASKFLOW_TEST_DATABASE_URL";
}

TestPostgres::TestPostgres() {
  if (auto url = ::taskflow::testing::external_url("TASKFLOW_TEST_DATABASE_URL")) {
    admin_url_ = *url;
    return;
  }
  bin_dir_ = *find_bin_dir();
  root_.emplace();
  // PostgreSQL refuses to run as root, so the cluster belongs to the postgres user.
  if (geteuid() == 0) {
    run_command({"chown", "postgres:postgres", root_->path().string()},
                root_->path() / "commands.log");
  }
  data_dir_ = root_->path() / "data";
  port_ = free_port();
  run_as_postgres({(bin_dir_ / "initdb").string(), "--pgdata=" + data_dir_.string(), "--auth=trust",
                   "--username=postgres", "--no-sync", "--encoding=UTF8"});
  start();
  admin_url_ = fmt::format("postgresql://postgres@127.0.0.1:{}/postgres", port_);
}

TestPostgres::~TestPostgres() {
  if (!owns_server()) return;
  try {
    stop();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stopping the test PostgreSQL failed: %s\n", e.what());
  }
}

void TestPostgres::start() {
  // Durability settings off: the cluster is thrown away, and the tests want speed.
  run_as_postgres({(bin_dir_ / "pg_ctl").string(), "--pgdata=" + data_dir_.string(),
                   "--log=" + (root_->path() / "postgres.log").string(), "--wait", "--timeout=20",
                   "--options=" + fmt::format("-p {} -k {} -c listen_addresses=127.0.0.1 "
                                              "-c fsync=off -c synchronous_commit=off "
                                              "-c full_page_writes=off",
                                              port_, root_->path().string()),
                   "start"});
}

void TestPostgres::stop() {
  run_as_postgres({(bin_dir_ / "pg_ctl").string(), "--pgdata=" + data_dir_.string(), "--mode=fast",
                   "--wait", "stop"});
}

void TestPostgres::run_as_postgres(const std::vector<std::string>& args) {
  std::vector<std::string> command;
  if (geteuid() == 0) command = {"runuser", "-u", "postgres", "--"};
  command.insert(command.end(), args.begin(), args.end());
  run_command(command, root_->path() / "commands.log");
}

std::string TestPostgres::create_database() {
  auto name = fmt::format("taskflow_test_{}_{}", getpid(), ++databases_created_);
  execute_outside_transaction(admin_url_, "CREATE DATABASE " + name);
  return name;
}

std::string TestPostgres::url_of(const std::string& database) const {
  return with_database(admin_url_, database);
}

void TestPostgres::drop_database(const std::string& database) {
  execute_outside_transaction(admin_url_, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
}

}  // namespace taskflow::pg::testing

// libpqxx 6.4 leaks the PGresult of a query that finds its connection broken (about 2 KB per
// broken connection; the pool then discards the connection). The frame-pointer unwinder stops
// inside libpqxx, so only the library name identifies it. Read by LeakSanitizer builds only.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libpqxx-6.4.so\n";
}
