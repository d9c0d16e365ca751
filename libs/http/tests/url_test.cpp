#include <gtest/gtest.h>

#include "taskflow/http/url.hpp"

using namespace taskflow::http;

TEST(ParseTarget, SplitsPathAndQuery) {
  auto target = parse_target("/api/tasks/?status=todo&search=buy+milk&empty=&flag");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/api/tasks/");
  EXPECT_EQ(target->query_value("status"), "todo");
  EXPECT_EQ(target->query_value("search"), "buy milk");
  EXPECT_EQ(target->query_value("empty"), "");
  EXPECT_EQ(target->query_value("flag"), "");
  EXPECT_FALSE(target->query_value("missing"));
}

TEST(ParseTarget, RejectsTargetsThatAreNotOriginForm) {
  EXPECT_FALSE(parse_target("api/tasks"));
  EXPECT_FALSE(parse_target(""));
  EXPECT_FALSE(parse_target("/a?x=%zz"));
}

TEST(ParseHttpUrl, ReadsHostPortAndTarget) {
  auto url = parse_http_url("http://127.0.0.1:8001/api/auth/jwks/");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, "8001");
  EXPECT_EQ(url->target, "/api/auth/jwks/");
  auto bare = parse_http_url("http://auth");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->port, "80");
  EXPECT_EQ(bare->target, "/");
  EXPECT_FALSE(parse_http_url("https://x/"));
  EXPECT_FALSE(parse_http_url("http://:80/"));
}
