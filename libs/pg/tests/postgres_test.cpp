// Tests against a real PostgreSQL: a throwaway cluster, or TASKFLOW_TEST_DATABASE_URL.
#include <atomic>
#include <chrono>
#include <fstream>
#include <latch>
#include <memory>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "database_test.hpp"
#include "taskflow/core/blocking_pool.hpp"
#include "taskflow/core/errors.hpp"
#include "taskflow/pg/async_pool.hpp"
#include "taskflow/pg/database.hpp"
#include "taskflow/pg/migrate.hpp"
#include "taskflow/pg/pool.hpp"

using namespace taskflow;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

class PostgresTest : public pg::testing::DatabaseTest {
 protected:
  void write_file(const std::filesystem::path& path, const std::string& contents) {
    std::ofstream(path) << contents;
  }
};

// Runs a coroutine to completion on a fresh io_context, rethrowing what it throws.
template <class Coroutine>
void run_coroutine(Coroutine coroutine) {
  asio::io_context io;
  std::exception_ptr failure;
  asio::co_spawn(io, std::move(coroutine), [&](std::exception_ptr e) { failure = e; });
  io.run();
  if (failure) std::rethrow_exception(failure);
}

// SELECT 1 through Database::run, as a service's handler would.
int select_one_through(pg::Database& db) {
  int value = 0;
  run_coroutine([&]() -> Awaitable<> {
    value = co_await db.run([](pqxx::connection& c) {
      pqxx::nontransaction tx(c);
      return tx.exec("SELECT 1")[0][0].as<int>();
    });
  });
  return value;
}

std::string closed_port_url() {
  return fmt::format("postgresql://postgres@127.0.0.1:{}/postgres", pg::testing::free_port());
}

}  // namespace

TEST_F(PostgresTest, MigrationsApplyOnceAndAreRecorded) {
  pg::testing::TempDir dir;
  write_file(dir.path() / "0001_create_items.sql",
             "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);");
  write_file(dir.path() / "0002_seed_items.sql", "INSERT INTO items (name) VALUES ('first');");
  write_file(dir.path() / "README.md", "not a migration");

  EXPECT_EQ(pg::migrate(url_, dir.path()), 2u);
  EXPECT_EQ(pg::migrate(url_, dir.path()), 0u);

  auto recorded = query("SELECT version, name FROM schema_migrations ORDER BY version");
  ASSERT_EQ(recorded.size(), 2u);
  EXPECT_EQ(recorded[0][1].as<std::string>(), "0001_create_items.sql");
  EXPECT_EQ(recorded[1][0].as<int>(), 2);
  EXPECT_EQ(query("SELECT count(*) FROM items")[0][0].as<int>(), 1);

  write_file(dir.path() / "0003_add_done.sql",
             "ALTER TABLE items ADD COLUMN done boolean NOT NULL DEFAULT false;");
  EXPECT_EQ(pg::migrate(url_, dir.path()), 1u);
  EXPECT_EQ(query("SELECT count(*) FROM schema_migrations")[0][0].as<int>(), 3);
}

TEST_F(PostgresTest, ConcurrentMigrationsApplyEachFileOnce) {
  pg::testing::TempDir dir;
  write_file(dir.path() / "0001_create_runs.sql", "CREATE TABLE runs (migration int);");
  // The sleep keeps the first runner inside its lock while the second arrives.
  write_file(dir.path() / "0002_slow.sql", "SELECT pg_sleep(0.3); INSERT INTO runs VALUES (2);");
  write_file(dir.path() / "0003_last.sql", "INSERT INTO runs VALUES (3);");

  std::latch start_together(2);
  std::atomic<std::size_t> applied_total = 0;
  std::atomic<std::size_t> most_by_one = 0;
  auto runner = [&] {
    start_together.arrive_and_wait();
    auto applied = pg::migrate(url_, dir.path());
    applied_total += applied;
    most_by_one = std::max<std::size_t>(most_by_one, applied);
  };
  std::thread first(runner);
  std::thread second(runner);
  first.join();
  second.join();

  EXPECT_EQ(applied_total, 3u);
  EXPECT_EQ(most_by_one, 3u);
  EXPECT_EQ(query("SELECT count(*) FROM runs")[0][0].as<int>(), 2);
  EXPECT_EQ(query("SELECT count(*) FROM schema_migrations")[0][0].as<int>(), 3);
}

TEST_F(PostgresTest, FailingMigrationRollsBackAndIsNotRecorded) {
  pg::testing::TempDir dir;
  write_file(dir.path() / "0001_ok.sql", "CREATE TABLE kept (x int);");
  write_file(dir.path() / "0002_broken.sql",
             "CREATE TABLE half_done (x int); SELECT no_such_function();");
  write_file(dir.path() / "0003_after.sql", "CREATE TABLE after_broken (x int);");

  try {
    pg::migrate(url_, dir.path());
    FAIL() << "expected MigrationError";
  } catch (const pg::MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find("0002_broken.sql"), std::string::npos) << e.what();
  }
  EXPECT_EQ(query("SELECT count(*) FROM schema_migrations")[0][0].as<int>(), 1);
  EXPECT_FALSE(query("SELECT to_regclass('kept')")[0][0].is_null());
  EXPECT_TRUE(query("SELECT to_regclass('half_done')")[0][0].is_null());
  EXPECT_TRUE(query("SELECT to_regclass('after_broken')")[0][0].is_null());
  EXPECT_THROW(pg::migrate(url_, dir.path()), pg::MigrationError);
}

TEST_F(PostgresTest, NoTransactionMigrationsRunStepsThatCannotRunInATransaction) {
  pg::testing::TempDir dir;
  write_file(dir.path() / "0001_create_items.sql", "CREATE TABLE items (id int, name text);");
  // A procedure that commits between batches, then an index built without blocking writes.
  write_file(dir.path() / "0002_backfill.sql",
             "-- migrate: no-transaction\n"
             "INSERT INTO items SELECT g, NULL FROM generate_series(1, 250) g;\n"
             "-- step\n"
             "DO $$ BEGIN LOOP UPDATE items SET name = 'n' || id WHERE id IN "
             "(SELECT id FROM items WHERE name IS NULL LIMIT 100); EXIT WHEN NOT FOUND; "
             "COMMIT; END LOOP; END $$;\n"
             "-- step\n"
             "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);\n");
  EXPECT_EQ(pg::migrate(url_, dir.path()), 2u);
  EXPECT_EQ(query("SELECT count(*) FROM items WHERE name IS NULL")[0][0].as<int>(), 0);
  EXPECT_FALSE(query("SELECT to_regclass('items_name_idx')")[0][0].is_null());
  EXPECT_EQ(query("SELECT count(*) FROM schema_migrations")[0][0].as<int>(), 2);
}

TEST_F(PostgresTest, InstancesWaitingForTheLockDoNotBlockAConcurrentIndexBuild) {
  pg::testing::TempDir dir;
  write_file(dir.path() / "0001_create_items.sql",
             "CREATE TABLE items (id int); INSERT INTO items SELECT generate_series(1, 1000);");
  // The sleep keeps the first runner holding the lock while the others arrive and wait.
  write_file(dir.path() / "0002_index.sql",
             "-- migrate: no-transaction\nSELECT pg_sleep(0.5);\n-- step\n"
             "CREATE INDEX CONCURRENTLY items_id_idx ON items (id);\n");
  std::latch start_together(3);
  std::atomic<std::size_t> applied_total = 0;
  auto runner = [&] {
    start_together.arrive_and_wait();
    applied_total += pg::migrate(url_, dir.path());
  };
  std::thread first(runner);
  std::thread second(runner);
  std::thread third(runner);
  first.join();
  second.join();
  third.join();
  EXPECT_EQ(applied_total, 2u);
  EXPECT_FALSE(query("SELECT to_regclass('items_id_idx')")[0][0].is_null());
}

TEST_F(PostgresTest, AnInterruptedNoTransactionMigrationRunsAgainFromItsFirstStep) {
  pg::testing::TempDir dir;
  write_file(dir.path() / "0001_create_items.sql", "CREATE TABLE items (id int);");
  write_file(dir.path() / "0002_steps.sql",
             "-- migrate: no-transaction\nINSERT INTO items VALUES (1);\n-- step\n"
             "SELECT no_such_function();\n");
  EXPECT_THROW(pg::migrate(url_, dir.path()), pg::MigrationError);
  EXPECT_EQ(query("SELECT count(*) FROM schema_migrations")[0][0].as<int>(), 1);
  write_file(dir.path() / "0002_steps.sql",
             "-- migrate: no-transaction\nINSERT INTO items SELECT 1 WHERE NOT EXISTS "
             "(SELECT 1 FROM items);\n-- step\nSELECT 1;\n");
  EXPECT_EQ(pg::migrate(url_, dir.path()), 1u);
  EXPECT_EQ(query("SELECT count(*) FROM items")[0][0].as<int>(), 1);
}

TEST_F(PostgresTest, DatabaseRunRoundTripsOnTheBlockingPool) {
  BlockingPool blocking(2);
  pg::Database db(blocking, url_);
  std::string name;
  bool unique_violation = false;
  run_coroutine([&]() -> Awaitable<> {
    co_await db.run([](pqxx::connection& c) {
      pqxx::work tx(c);
      tx.exec("CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL)");
      tx.commit();
    });
    auto id = co_await db.run([](pqxx::connection& c) {
      pqxx::work tx(c);
      auto row = tx.exec_params1("INSERT INTO users (email) VALUES ($1) RETURNING id", "a@b.c");
      tx.commit();
      return row[0].as<int>();
    });
    name = co_await db.run([id](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      return tx.exec_params1("SELECT email FROM users WHERE id = $1", id)[0].as<std::string>();
    });
    try {
      co_await db.run([](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec("INSERT INTO users (email) VALUES ('a@b.c')");
        tx.commit();
      });
    } catch (const pqxx::unique_violation&) {
      unique_violation = true;
    }
  });
  EXPECT_EQ(name, "a@b.c");
  EXPECT_TRUE(unique_violation);
}

TEST_F(PostgresTest, PingReportsWhetherPostgresAnswers) {
  BlockingPool blocking(1);
  pg::Database reachable(blocking, url_);
  pg::Database unreachable(blocking, closed_port_url());
  bool reachable_ok = false;
  bool unreachable_ok = true;
  run_coroutine([&]() -> Awaitable<> {
    reachable_ok = co_await reachable.ping();
    unreachable_ok = co_await unreachable.ping();
  });
  EXPECT_TRUE(reachable_ok);
  EXPECT_FALSE(unreachable_ok);
}

TEST_F(PostgresTest, StatementTimeoutCancelsSlowQueries) {
  pg::Pool pool(url_, {.size = 1, .connection = {.statement_timeout = 200ms}});
  auto started = Clock::now();
  try {
    pool.with_connection([](pqxx::connection& c) {
      pqxx::nontransaction tx(c);
      tx.exec("SELECT pg_sleep(5)");
    });
    FAIL() << "expected the statement to be cancelled";
  } catch (const pqxx::sql_error& e) {
    EXPECT_EQ(e.sqlstate(), "57014") << e.what();  // query_canceled
  }
  EXPECT_LT(Clock::now() - started, 2s);
  // The cancelled query leaves the connection usable.
  EXPECT_EQ(pool.with_connection([](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    return tx.exec("SELECT 7")[0][0].as<int>();
  }),
            7);
}

TEST_F(PostgresTest, GenericPlansAreUsedFromTheFirstExecutionWhenAskedFor) {
  auto plans = [this](bool generic) {
    pg::Pool pool(url_, {.size = 1, .connection = {.generic_plans = generic}});
    return pool.with_connection([](pqxx::connection& c) {
      c.prepare("limited", "SELECT g FROM generate_series(1, 100) AS g WHERE g > $1 LIMIT $2");
      pqxx::nontransaction tx(c);
      for (int i = 0; i < 8; ++i) tx.exec_prepared("limited", i, 5);
      auto row = tx.exec1(
          "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'limited'");
      return std::pair(row[0].as<int>(), row[1].as<int>());
    });
  };
  EXPECT_EQ(plans(true), std::pair(8, 0));
  EXPECT_GT(plans(false).second, 0);
}

TEST_F(PostgresTest, AnIdleSessionTerminatedByTheServerIsReplacedWithoutAFailure) {
  pg::Pool pool(url_, {.size = 1});
  auto backend_pid = [](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    return tx.exec("SELECT pg_backend_pid()")[0][0].as<int>();
  };
  auto first_pid = pool.with_connection(backend_pid);
  query(fmt::format("SELECT pg_terminate_backend({})", first_pid));
  // pg_terminate_backend only signals: wait until that session has really ended.
  auto gone = [&] {
    return query(
               fmt::format("SELECT count(*) FROM pg_stat_activity WHERE pid = {}", first_pid))[0][0]
               .as<int>() == 0;
  };
  for (int i = 0; i < 100 && !gone(); ++i) std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(gone());
  EXPECT_NE(pool.with_connection(backend_pid), first_pid);
}

TEST_F(PostgresTest, ExhaustedPoolWaitsForAReturnThenTimesOut) {
  pg::Pool pool(url_, {.size = 1, .checkout_timeout = 300ms});
  {
    auto held = std::make_optional(pool.checkout());
    std::thread returner([&] {
      std::this_thread::sleep_for(100ms);
      held.reset();
    });
    auto started = Clock::now();
    auto lease = pool.checkout();  // gets the connection the other thread gives back
    EXPECT_GE(Clock::now() - started, 80ms);
    returner.join();
  }
  auto held = pool.checkout();
  auto started = Clock::now();
  try {
    pool.checkout();
    FAIL() << "expected DependencyUnavailable";
  } catch (const DependencyUnavailable& e) {
    EXPECT_EQ(e.dependency(), "postgres");
  }
  auto waited = Clock::now() - started;
  EXPECT_GE(waited, 280ms);
  EXPECT_LT(waited, 1s);
}

TEST(PostgresUnreachable, ClosedPortFailsFastWithDependencyUnavailable) {
  auto url = closed_port_url();
  pg::Pool pool(url);
  auto started = Clock::now();
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      pool.checkout();
      FAIL() << "connected to a closed port";
    } catch (const DependencyUnavailable& e) {
      EXPECT_EQ(e.dependency(), "postgres");
    }
  }
  pg::testing::TempDir dir;
  EXPECT_THROW(pg::migrate(url, dir.path()), DependencyUnavailable);
  EXPECT_LT(Clock::now() - started, 3s);
}

TEST_F(PostgresTest, PoolRecoversAfterTheServerRestarts) {
  if (!server_->owns_server()) GTEST_SKIP() << "needs a throwaway cluster it can restart";
  BlockingPool blocking(2);
  pg::Database db(blocking, url_, {.size = 2});
  auto select_one = [&] { return select_one_through(db); };
  EXPECT_EQ(select_one(), 1);

  server_->stop();
  auto started = Clock::now();
  EXPECT_THROW(select_one(), DependencyUnavailable);
  EXPECT_THROW(select_one(), DependencyUnavailable);
  EXPECT_LT(Clock::now() - started, 3s);

  server_->start();
  // The first call may still meet a connection from before the restart.
  int failures = 0;
  while (true) {
    try {
      EXPECT_EQ(select_one(), 1);
      break;
    } catch (const DependencyUnavailable&) {
      ASSERT_LT(++failures, 2);
    }
  }
  EXPECT_EQ(select_one(), 1);
}

TEST_F(PostgresTest, AnIdleConnectionFromBeforeARestartCostsNoFailedCall) {
  if (!server_->owns_server()) GTEST_SKIP() << "needs a throwaway cluster it can restart";
  BlockingPool blocking(2);
  pg::Database db(blocking, url_, {.size = 2});
  auto select_one = [&] { return select_one_through(db); };
  EXPECT_EQ(select_one(), 1);  // leaves one idle connection in the pool
  server_->stop();
  server_->start();
  EXPECT_EQ(select_one(), 1);
}

namespace {

// An AsyncPool and the one io_context its connections belong to, which outlives them.
struct AsyncPoolHarness {
  AsyncPoolHarness(const std::string& url, pg::AsyncPoolOptions options)
      : connect_calls(1), pool(connect_calls, url, options) {}

  // Runs the coroutines to completion, concurrently, rethrowing the first failure.
  template <class... Coroutines>
  void run(Coroutines... coroutines) {
    std::exception_ptr failure;
    auto done = [&](std::exception_ptr e) {
      if (e && !failure) failure = e;
    };
    (asio::co_spawn(io, std::move(coroutines), done), ...);
    io.restart();
    io.run();
    if (failure) std::rethrow_exception(failure);
  }

  std::string select_text(const pg::Statement& statement, std::vector<pg::Param> params) {
    std::string text;
    run([&]() -> Awaitable<> {
      auto rows = co_await pool.query(statement, std::move(params));
      text = std::string(rows[0].text(0));
    });
    return text;
  }

  asio::io_context io;
  BlockingPool connect_calls;
  pg::AsyncPool pool;
};

const pg::Statement kEcho{"echo", "SELECT $1::text, NULL::text"};

}  // namespace

TEST_F(PostgresTest, AsyncPoolRunsPreparedStatementsAndKeepsTheConnectionAfterAnSqlError) {
  AsyncPoolHarness harness(url_, {.size = 1});
  int rows_seen = 0;
  bool second_null = false;
  harness.run([&]() -> Awaitable<> {
    std::vector<pg::Param> params{"héllo"};  // g++ 12: no braced list inside co_await
    auto rows = co_await harness.pool.query(kEcho, std::move(params));
    rows_seen = rows.size();
    EXPECT_EQ(rows[0].text(0), "héllo");
    second_null = rows[0].is_null(1);
  });
  EXPECT_EQ(rows_seen, 1);
  EXPECT_TRUE(second_null);
  EXPECT_EQ(harness.select_text(kEcho, {"again"}), "again");  // prepared once, run twice
  EXPECT_EQ(harness.select_text({"", "SELECT $1::text || '!'"}, {"unprepared"}), "unprepared!");
  EXPECT_EQ(harness.select_text({"nullable", "SELECT coalesce($1::text, 'null')"}, {std::nullopt}),
            "null");

  try {
    harness.select_text({"divide", "SELECT (1 / $1::int)::text"}, {"0"});
    FAIL() << "expected SqlError";
  } catch (const pg::SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "22012") << e.what();  // division_by_zero
  }
  EXPECT_EQ(harness.select_text(kEcho, {"still usable"}), "still usable");
}

TEST_F(PostgresTest, AsyncPoolRunsAtMostItsSizeAtOnceAndTimesOutWaiters) {
  AsyncPoolHarness harness(url_, {.size = 2, .checkout_timeout = 2s});
  const pg::Statement nap{"nap", "SELECT $1::text FROM pg_sleep(0.1)"};
  std::vector<std::string> answers(6);
  auto ask = [&](int i) -> Awaitable<> {
    std::vector<pg::Param> params{std::to_string(i)};
    auto rows = co_await harness.pool.query(nap, std::move(params));
    answers[i] = std::string(rows[0].text(0));
  };
  auto started = Clock::now();
  harness.run(ask(0), ask(1), ask(2), ask(3), ask(4), ask(5));
  const auto took = Clock::now() - started;
  for (int i = 0; i < 6; ++i) EXPECT_EQ(answers[i], std::to_string(i));
  EXPECT_GE(took, 280ms);  // three rounds of two
  EXPECT_LT(took, 2s);

  AsyncPoolHarness single(url_, {.size = 1, .checkout_timeout = 200ms});
  const pg::Statement long_nap{"long_nap", "SELECT $1::text FROM pg_sleep(1)"};
  bool timed_out = false;
  auto hold = [&]() -> Awaitable<> {
    std::vector<pg::Param> params{"held"};
    co_await single.pool.query(long_nap, std::move(params));
  };
  auto wait = [&]() -> Awaitable<> {
    try {
      std::vector<pg::Param> params{"waiting"};
      co_await single.pool.query(kEcho, std::move(params));
    } catch (const DependencyUnavailable& e) {
      timed_out = e.dependency() == "postgres";
    }
  };
  single.run(hold(), wait());
  EXPECT_TRUE(timed_out);
  EXPECT_EQ(single.select_text(kEcho, {"after"}), "after");
}

TEST_F(PostgresTest, AsyncPoolReportsAStatementTimeoutAsUnavailableAndKeepsGoing) {
  AsyncPoolHarness harness(url_, {.size = 1, .connection = {.statement_timeout = 200ms}});
  auto started = Clock::now();
  EXPECT_THROW(harness.select_text({"slow", "SELECT $1::text FROM pg_sleep(5)"}, {"x"}),
               DependencyUnavailable);
  EXPECT_LT(Clock::now() - started, 2s);
  EXPECT_EQ(harness.select_text(kEcho, {"next"}), "next");
}

TEST(PostgresUnreachable, AsyncPoolFailsFastOnAClosedPort) {
  AsyncPoolHarness harness(closed_port_url(), {});
  auto started = Clock::now();
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_THROW(harness.select_text(kEcho, {"x"}), DependencyUnavailable);
  }
  EXPECT_LT(Clock::now() - started, 3s);
}

TEST_F(PostgresTest, AsyncPoolRecoversAfterTheServerRestarts) {
  if (!server_->owns_server()) GTEST_SKIP() << "needs a throwaway cluster it can restart";
  AsyncPoolHarness harness(url_, {.size = 2});
  EXPECT_EQ(harness.select_text(kEcho, {"before"}), "before");  // leaves an idle connection

  server_->stop();
  auto started = Clock::now();
  EXPECT_THROW(harness.select_text(kEcho, {"down"}), DependencyUnavailable);
  EXPECT_THROW(harness.select_text(kEcho, {"down"}), DependencyUnavailable);
  EXPECT_LT(Clock::now() - started, 3s);

  server_->start();
  EXPECT_EQ(harness.select_text(kEcho, {"after"}), "after");
  EXPECT_EQ(harness.select_text(kEcho, {"again"}), "again");
}

TEST_F(PostgresTest, AsyncPoolReplacesAnIdleConnectionFromBeforeARestartWithoutAFailure) {
  if (!server_->owns_server()) GTEST_SKIP() << "needs a throwaway cluster it can restart";
  AsyncPoolHarness harness(url_, {.size = 2});
  EXPECT_EQ(harness.select_text(kEcho, {"before"}), "before");
  server_->stop();
  server_->start();
  EXPECT_EQ(harness.select_text(kEcho, {"after"}), "after");
}
