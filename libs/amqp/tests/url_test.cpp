#include <string>

#include <gtest/gtest.h>

#include "taskflow/amqp/url.hpp"
#include "taskflow/core/config.hpp"

using namespace taskflow;

TEST(ParseUrl, ReadsEveryPart) {
  auto endpoint = amqp::parse_url("amqp://taskflow:s3cret@rabbit.local:5673/tasks");
  EXPECT_EQ(endpoint.host, "rabbit.local");
  EXPECT_EQ(endpoint.port, 5673);
  EXPECT_EQ(endpoint.user, "taskflow");
  EXPECT_EQ(endpoint.password, "s3cret");
  EXPECT_EQ(endpoint.vhost, "tasks");
}

TEST(ParseUrl, FillsDefaults) {
  auto endpoint = amqp::parse_url("amqp://rabbit");
  EXPECT_EQ(endpoint.host, "rabbit");
  EXPECT_EQ(endpoint.port, 5672);
  EXPECT_EQ(endpoint.user, "guest");
  EXPECT_EQ(endpoint.password, "guest");
  EXPECT_EQ(endpoint.vhost, "/");
}

TEST(ParseUrl, EncodedSlashAndEmptyVhostMeanTheDefaultVhost) {
  EXPECT_EQ(amqp::parse_url("amqp://u:p@h:1/%2f").vhost, "/");
  EXPECT_EQ(amqp::parse_url("amqp://u:p@h:1/%2F").vhost, "/");
  EXPECT_EQ(amqp::parse_url("amqp://u:p@h:1/").vhost, "/");
  EXPECT_EQ(amqp::parse_url("amqp://u:p@h:1/team%2fa").vhost, "team/a");
}

TEST(ParseUrl, DecodesPercentEscapesInCredentials) {
  auto endpoint = amqp::parse_url("amqp://us%40r:p%40ss%3Aw%2Fd@h");
  EXPECT_EQ(endpoint.user, "us@r");
  EXPECT_EQ(endpoint.password, "p@ss:w/d");
  EXPECT_EQ(endpoint.host, "h");
  EXPECT_EQ(amqp::parse_url("amqp://user@h").password, "");
}

TEST(ParseUrl, ReadsBracketedIpv6Hosts) {
  auto endpoint = amqp::parse_url("amqp://u:p@[::1]:5673/%2f");
  EXPECT_EQ(endpoint.host, "::1");
  EXPECT_EQ(endpoint.port, 5673);
  EXPECT_EQ(endpoint.redacted(), "amqp://u@[::1]:5673/%2F");
}

TEST(ParseUrl, RejectsWhatItCannotUse) {
  for (std::string bad :
       {"rabbit:5672", "amqps://h", "http://h", "amqp://", "amqp://u:p@", "amqp://h:port",
        "amqp://h:0", "amqp://h:70000", "amqp://h:", "amqp://:5672", "amqp://[::1", "amqp://[::1]x",
        "amqp://u:p%4@h", "amqp://h/a/b", "amqp://h/%00", "amqp://:p@h", "amqp://h/?heartbeat=10",
        "amqp://h#x"}) {
    EXPECT_THROW(amqp::parse_url(bad), ConfigError) << bad;
  }
}

TEST(ParseUrl, ErrorsAndLogsNeverShowThePassword) {
  for (std::string bad : {"amqp://u:hunter2@h:notaport/", "amqp://u:hunter2@h/x/y",
                          "amqps://u:hunter2@h", "amqp://u:hunter2%zz@h"}) {
    try {
      amqp::parse_url(bad);
      ADD_FAILURE() << "expected ConfigError for " << bad;
    } catch (const ConfigError& e) {
      EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
    }
  }
  auto shown = amqp::parse_url("amqp://u:hunter2@h/%2f").redacted();
  EXPECT_EQ(shown, "amqp://u@h:5672/%2F");
}
