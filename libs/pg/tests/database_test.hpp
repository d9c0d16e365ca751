#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "test_support.hpp"

namespace taskflow::pg::testing {

// A fixture for tests against a real PostgreSQL: one TestPostgres for the test suite, and a new
// empty database for each test (url_), dropped after it. Skips when no server can be provided.
class DatabaseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (TestPostgres::unavailable_reason()) return;
    try {
      server_ = std::make_unique<TestPostgres>();
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    if (auto reason = TestPostgres::unavailable_reason()) GTEST_SKIP() << *reason;
    ASSERT_TRUE(server_) << "could not start PostgreSQL: " << setup_error_;
    database_ = server_->create_database();
    url_ = server_->url_of(database_);
  }
  void TearDown() override {
    if (!database_.empty()) server_->drop_database(database_);
  }

  // Runs one query on a connection of its own, outside the code under test.
  pqxx::result query(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::nontransaction tx(connection);
    return tx.exec(sql);
  }

  static inline std::unique_ptr<TestPostgres> server_;
  static inline std::string setup_error_;
  std::string database_;
  std::string url_;
};

}  // namespace taskflow::pg::testing
