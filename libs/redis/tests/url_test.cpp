#include <string>

#include <gtest/gtest.h>

#include "taskflow/core/config.hpp"
#include "taskflow/redis/url.hpp"

using namespace taskflow;

TEST(ParseUrl, FillsDefaults) {
  auto endpoint = redis::parse_url("redis://cache");
  EXPECT_EQ(endpoint.host, "cache");
  EXPECT_EQ(endpoint.port, 6379);
  EXPECT_EQ(endpoint.database, 0);
  EXPECT_EQ(endpoint.username, "");
  EXPECT_EQ(endpoint.password, "");
}

TEST(ParseUrl, ReadsHostPortAndDatabase) {
  auto endpoint = redis::parse_url("redis://10.0.0.5:6380/3");
  EXPECT_EQ(endpoint.host, "10.0.0.5");
  EXPECT_EQ(endpoint.port, 6380);
  EXPECT_EQ(endpoint.database, 3);
  EXPECT_EQ(redis::parse_url("redis://h:1/").database, 0);
}

TEST(ParseUrl, ReadsPasswordAndUser) {
  auto password_only = redis::parse_url("redis://:s3cret@h:6379/1");
  EXPECT_EQ(password_only.username, "");
  EXPECT_EQ(password_only.password, "s3cret");
  auto no_colon = redis::parse_url("redis://s3cret@h");
  EXPECT_EQ(no_colon.password, "s3cret");
  auto with_user = redis::parse_url("redis://app:pw@h");
  EXPECT_EQ(with_user.username, "app");
  EXPECT_EQ(with_user.password, "pw");
}

TEST(ParseUrl, DecodesPercentEscapesInCredentials) {
  auto endpoint = redis::parse_url("redis://:p%40ss%3Aw%2Fd@h");
  EXPECT_EQ(endpoint.password, "p@ss:w/d");
  EXPECT_EQ(endpoint.host, "h");
}

TEST(ParseUrl, ReadsBracketedIpv6Hosts) {
  auto endpoint = redis::parse_url("redis://[::1]:7000/2");
  EXPECT_EQ(endpoint.host, "::1");
  EXPECT_EQ(endpoint.port, 7000);
  EXPECT_EQ(endpoint.database, 2);
}

TEST(ParseUrl, RejectsWhatItCannotUse) {
  for (std::string bad : {"cache:6379", "rediss://h", "redis://h:port", "redis://h:0",
                          "redis://h:70000", "redis://h:", "redis://h/db", "redis://h/-1",
                          "redis://:6379", "redis://[::1", "redis://[::1]x", "redis://:pw%4@h"}) {
    EXPECT_THROW(redis::parse_url(bad), ConfigError) << bad;
  }
}

TEST(ParseUrl, ErrorsNeverQuoteThePassword) {
  try {
    redis::parse_url("redis://:hunter2@h:notaport");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  }
}
