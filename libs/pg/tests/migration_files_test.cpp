#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "taskflow/pg/migrate.hpp"
#include "test_support.hpp"

using namespace taskflow;

namespace {

std::vector<int> versions(const std::vector<pg::MigrationFile>& migrations) {
  std::vector<int> result;
  for (const auto& migration : migrations) result.push_back(migration.version);
  return result;
}

std::string error_for(const std::vector<std::string>& file_names) {
  try {
    pg::order_migrations(file_names);
  } catch (const pg::MigrationError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(OrderMigrations, SortsByNumberNotByText) {
  auto migrations =
      pg::order_migrations({"10_add_index.sql", "0002_create_tasks.sql", "1_create_users.sql"});
  EXPECT_EQ(versions(migrations), (std::vector<int>{1, 2, 10}));
  EXPECT_EQ(migrations[0].file_name, "1_create_users.sql");
  EXPECT_EQ(migrations[2].file_name, "10_add_index.sql");
}

TEST(OrderMigrations, IgnoresFilesThatAreNotSql) {
  auto migrations = pg::order_migrations({"README.md", "0001_a.sql", "0002_b.sql.orig"});
  EXPECT_EQ(versions(migrations), (std::vector<int>{1}));
}

TEST(OrderMigrations, RejectsMalformedNamesListingThemAll) {
  for (std::string bad : {"create_users.sql", "0001create.sql", "0001_.sql", "0001_two words.sql",
                          "00a1_x.sql", "0_zero.sql", "99999999999_too_big.sql", "-1_x.sql"}) {
    auto message = error_for({"0001_fine.sql", bad});
    EXPECT_NE(message.find("malformed"), std::string::npos) << bad << ": " << message;
    EXPECT_NE(message.find(bad), std::string::npos) << bad << ": " << message;
  }
  auto message = error_for({"x.sql", "y.sql"});
  EXPECT_NE(message.find("x.sql, y.sql"), std::string::npos) << message;
}

TEST(OrderMigrations, RejectsDuplicateVersionsNamingBothFiles) {
  auto message = error_for({"0001_create_users.sql", "1_create_tasks.sql", "0002_ok.sql"});
  EXPECT_NE(message.find("0001_create_users.sql"), std::string::npos) << message;
  EXPECT_NE(message.find("1_create_tasks.sql"), std::string::npos) << message;
}

TEST(ListMigrations, ReadsRegularFilesOfTheFolder) {
  pg::testing::TempDir dir;
  std::filesystem::create_directory(dir.path() / "0003_a_folder.sql");
  std::ofstream(dir.path() / "0002_b.sql") << "SELECT 1;";
  std::ofstream(dir.path() / "0001_a.sql") << "SELECT 1;";
  auto migrations = pg::list_migrations(dir.path());
  EXPECT_EQ(versions(migrations), (std::vector<int>{1, 2}));
}

TEST(ListMigrations, RejectsAMissingFolder) {
  EXPECT_THROW(pg::list_migrations("/nonexistent/taskflow/migrations"), pg::MigrationError);
}

TEST(SplitMigration, AnOrdinaryFileIsOneStepInATransaction) {
  auto plan = pg::split_migration("CREATE TABLE a (x int);\n-- step\nCREATE TABLE b (x int);\n");
  EXPECT_TRUE(plan.in_transaction);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_NE(plan.steps[0].find("-- step"), std::string::npos);
}

TEST(SplitMigration, ANoTransactionFileRunsItsStepsAlone) {
  auto plan = pg::split_migration(
      "-- migrate: no-transaction\r\n-- why\nCREATE INDEX CONCURRENTLY i ON a (x);\n-- step\n"
      "\n-- step \nDROP INDEX CONCURRENTLY j;\n");
  EXPECT_FALSE(plan.in_transaction);
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_NE(plan.steps[0].find("CREATE INDEX CONCURRENTLY i"), std::string::npos);
  EXPECT_EQ(plan.steps[1], "DROP INDEX CONCURRENTLY j;\n");
}

TEST(SplitMigration, TheMarkerCountsOnlyOnTheFirstLine) {
  auto plan = pg::split_migration("SELECT 1;\n-- migrate: no-transaction\n-- step\nSELECT 2;\n");
  EXPECT_TRUE(plan.in_transaction);
  EXPECT_EQ(plan.steps.size(), 1u);
}
