#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "taskflow/core/config.hpp"
#include "taskflow/pg/conninfo.hpp"

using namespace taskflow;
using namespace std::chrono_literals;

namespace {

// What libpq itself reads back from a conninfo string: the real test of the quoting.
std::map<std::string, std::string> parsed(const std::string& conninfo) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
  EXPECT_NE(options, nullptr) << (error ? error : "") << " in " << conninfo;
  PQfreemem(error);
  std::map<std::string, std::string> values;
  for (auto* option = options.get(); option && option->keyword; ++option) {
    if (option->val) values[option->keyword] = option->val;
  }
  return values;
}

}  // namespace

TEST(BuildConninfo, KeepsTheUrlSettingsAndAddsTheTimeouts) {
  auto values = parsed(
      pg::build_conninfo("postgresql://taskflow:s3cret@db.local:5433/tasks?sslmode=disable", {}));
  EXPECT_EQ(values["host"], "db.local");
  EXPECT_EQ(values["port"], "5433");
  EXPECT_EQ(values["user"], "taskflow");
  EXPECT_EQ(values["password"], "s3cret");
  EXPECT_EQ(values["dbname"], "tasks");
  EXPECT_EQ(values["sslmode"], "disable");
  EXPECT_EQ(values["connect_timeout"], "2");
  EXPECT_EQ(values["options"], "-c statement_timeout=5000");
  EXPECT_EQ(values["keepalives_idle"], "5");
  EXPECT_EQ(values["tcp_user_timeout"], "10000");
}

TEST(BuildConninfo, UsesTheConfiguredTimeouts) {
  auto values = parsed(
      pg::build_conninfo("postgresql://h/db", {.connect_timeout = 3s, .statement_timeout = 250ms}));
  EXPECT_EQ(values["connect_timeout"], "3");
  EXPECT_EQ(values["options"], "-c statement_timeout=250");
}

TEST(BuildConninfo, AsksForGenericPlansWhenConfigured) {
  auto values = parsed(pg::build_conninfo("postgresql://h/db", {.generic_plans = true}));
  EXPECT_EQ(values["options"], "-c statement_timeout=5000 -c plan_cache_mode=force_generic_plan");
  auto chosen = parsed(pg::build_conninfo("postgresql://h/db?options=-c%20plan_cache_mode%3Dauto",
                                          {.generic_plans = true}));
  EXPECT_EQ(chosen["options"], "-c plan_cache_mode=auto -c statement_timeout=5000");
}

TEST(BuildConninfo, SettingsInTheUrlWin) {
  auto values = parsed(pg::build_conninfo(
      "postgresql://h/db?connect_timeout=9&keepalives_idle=60&options=-c%20statement_timeout%3D100",
      {}));
  EXPECT_EQ(values["connect_timeout"], "9");
  EXPECT_EQ(values["keepalives_idle"], "60");
  EXPECT_EQ(values["options"], "-c statement_timeout=100");
}

TEST(BuildConninfo, AppendsToOtherServerOptions) {
  auto values =
      parsed(pg::build_conninfo("postgresql://h/db?options=-c%20search_path%3Dtasks", {}));
  EXPECT_EQ(values["options"], "-c search_path=tasks -c statement_timeout=5000");
}

TEST(BuildConninfo, QuotesValuesWithQuotesAndBackslashes) {
  auto values = parsed(pg::build_conninfo("postgresql://u:it%27s%5Cme%20too@h/db", {}));
  EXPECT_EQ(values["password"], "it's\\me too");
}

TEST(BuildConninfo, AcceptsKeywordValueStrings) {
  auto values = parsed(pg::build_conninfo("host=h dbname=tasks user=u", {}));
  EXPECT_EQ(values["host"], "h");
  EXPECT_EQ(values["dbname"], "tasks");
  EXPECT_EQ(values["connect_timeout"], "2");
}

TEST(BuildConninfo, RejectsAnUnparsableUrlWithoutEchoingIt) {
  try {
    pg::build_conninfo("postgresql://u:hunter2@[::1/db", {});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("DATABASE_URL"), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

TEST(BuildConninfo, RejectsAMistypedSchemeWithoutEchoingAnyPartOfIt) {
  // libpq reads it as keyword=value and quotes the first word: up to the newline a secret file
  // may end with (found by pg_conninfo_fuzz).
  try {
    pg::build_conninfo("postgress://u:hunter2@db/x\n", {});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    std::string message = e.what();
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
    EXPECT_NE(message.find("missing \"=\""), std::string::npos) << message;
  }
}
