#include <gtest/gtest.h>

#include "taskflow/http/router.hpp"

using namespace taskflow;
using namespace taskflow::http;

namespace {
Handler noop() {
  return [](Context&) -> Awaitable<Response> { co_return empty_response(Status::ok); };
}
}  // namespace

TEST(Router, MatchesLiteralPathsWithOrWithoutTrailingSlash) {
  Router router;
  router.add(Verb::post, "/api/auth/login/", noop());
  EXPECT_EQ(router.match(Verb::post, "/api/auth/login/").kind, Router::Match::Kind::found);
  EXPECT_EQ(router.match(Verb::post, "/api/auth/login").kind, Router::Match::Kind::found);
  EXPECT_EQ(router.match(Verb::post, "/api/auth/login/x").kind, Router::Match::Kind::not_found);
  EXPECT_EQ(router.match(Verb::post, "/api/auth//login").kind, Router::Match::Kind::not_found);
}

TEST(Router, CapturesPathParameters) {
  Router router;
  router.add(Verb::get, "/api/tasks/{id}/attachments/{aid}/", noop());
  auto match = router.match(Verb::get, "/api/tasks/12/attachments/7");
  ASSERT_EQ(match.kind, Router::Match::Kind::found);
  ASSERT_EQ(match.params.size(), 2u);
  EXPECT_EQ(match.params[0], std::make_pair(std::string("id"), std::string("12")));
  EXPECT_EQ(match.params[1], std::make_pair(std::string("aid"), std::string("7")));
}

TEST(Router, LiteralSegmentWinsOverParameterWhateverTheOrder) {
  Router router;
  router.add(Verb::get, "/api/tasks/{id}/", noop());
  router.add(Verb::get, "/api/tasks/stats/", noop());
  auto match = router.match(Verb::get, "/api/tasks/stats/");
  ASSERT_EQ(match.kind, Router::Match::Kind::found);
  EXPECT_EQ(match.route->pattern, "/api/tasks/stats/");
  EXPECT_TRUE(match.params.empty());
}

TEST(Router, WrongMethodIs405WithAllowedMethods) {
  Router router;
  router.add(Verb::get, "/api/auth/profile/", noop());
  router.add(Verb::patch, "/api/auth/profile/", noop());
  router.add(Verb::put, "/api/auth/profile/", noop());
  auto match = router.match(Verb::delete_, "/api/auth/profile/");
  EXPECT_EQ(match.kind, Router::Match::Kind::method_not_allowed);
  EXPECT_EQ(match.allowed, "GET, PATCH, PUT");
}

TEST(SplitPath, IgnoresEmptySegments) {
  EXPECT_EQ(split_path("/a/b/"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(split_path("/").empty());
}

TEST(Router, AWrongMethodOnALiteralRouteIs405EvenWhenAParameterRouteWouldFit) {
  Router router;
  router.add(Verb::get, "/api/tasks/stats/", noop());
  router.add(Verb::get, "/api/tasks/{id}/", noop());
  router.add(Verb::delete_, "/api/tasks/{id}/", noop());
  auto match = router.match(Verb::delete_, "/api/tasks/stats/");
  EXPECT_EQ(match.kind, Router::Match::Kind::method_not_allowed);
  EXPECT_EQ(match.allowed, "GET");
  EXPECT_EQ(router.match(Verb::delete_, "/api/tasks/7/").kind, Router::Match::Kind::found);
}
