#include <cstdlib>

#include <gtest/gtest.h>

#include "taskflow/core/config.hpp"

using namespace taskflow;

TEST(ParseInteger, AcceptsOnlyWholeNumbersInRange) {
  EXPECT_EQ(parse_integer("42", 0, 100), 42);
  EXPECT_EQ(parse_integer("-5", -10, 10), -5);
  EXPECT_FALSE(parse_integer("", 0, 100));
  EXPECT_FALSE(parse_integer("4x", 0, 100));
  EXPECT_FALSE(parse_integer(" 4", 0, 100));
  EXPECT_FALSE(parse_integer("101", 0, 100));
  EXPECT_FALSE(parse_integer("99999999999999999999999", 0, 100));
}

TEST(Env, IntegerUsesFallbackWhenUnsetAndNamesTheVariableWhenBad) {
  unsetenv("TF_TEST_PORT");
  EXPECT_EQ(Env::integer("TF_TEST_PORT", 8001, 1, 65535), 8001);
  setenv("TF_TEST_PORT", "8080", 1);
  EXPECT_EQ(Env::integer("TF_TEST_PORT", 8001, 1, 65535), 8080);
  setenv("TF_TEST_PORT", "http", 1);
  try {
    Env::integer("TF_TEST_PORT", 8001, 1, 65535);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("TF_TEST_PORT"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("http"), std::string::npos);
  }
  unsetenv("TF_TEST_PORT");
}

TEST(Env, RequiredThrowsWhenMissingOrEmpty) {
  unsetenv("TF_TEST_URL");
  EXPECT_THROW(Env::required("TF_TEST_URL"), ConfigError);
  setenv("TF_TEST_URL", "", 1);
  EXPECT_THROW(Env::required("TF_TEST_URL"), ConfigError);
  setenv("TF_TEST_URL", "redis://x", 1);
  EXPECT_EQ(Env::required("TF_TEST_URL"), "redis://x");
  unsetenv("TF_TEST_URL");
}

TEST(Env, BooleanAcceptsCommonSpellingsOnly) {
  setenv("TF_TEST_FLAG", "yes", 1);
  EXPECT_TRUE(Env::boolean("TF_TEST_FLAG", false));
  setenv("TF_TEST_FLAG", "0", 1);
  EXPECT_FALSE(Env::boolean("TF_TEST_FLAG", true));
  setenv("TF_TEST_FLAG", "maybe", 1);
  EXPECT_THROW(Env::boolean("TF_TEST_FLAG", true), ConfigError);
  unsetenv("TF_TEST_FLAG");
}
