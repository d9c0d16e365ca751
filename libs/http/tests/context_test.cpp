#include <gtest/gtest.h>

#include "taskflow/http/context.hpp"

using namespace taskflow::http;

namespace {
Request json_request(std::string body, std::string content_type = "application/json") {
  Request request{Verb::post, "/x", 11};
  request.set(beast_http::field::content_type, content_type);
  request.body() = std::move(body);
  return request;
}

Status status_of(const Request& request) {
  Context ctx(request, Target{"/x", {}}, "id", "");
  try {
    ctx.json_object();
  } catch (const HttpError& e) {
    return e.status();
  }
  return Status::ok;
}
}  // namespace

TEST(JsonBody, ParsesObjectsAndTreatsAnEmptyBodyAsEmptyObject) {
  auto request = json_request(R"({"a": 1})");
  Context ctx(request, Target{"/x", {}}, "id", "");
  EXPECT_EQ(ctx.json_object()["a"], 1);
  auto empty = json_request("  ");
  Context empty_ctx(empty, Target{"/x", {}}, "id", "");
  EXPECT_TRUE(empty_ctx.json_object().empty());
}

TEST(JsonBody, RejectsBadBodiesWithClientErrors) {
  EXPECT_EQ(status_of(json_request("{")), Status::bad_request);
  EXPECT_EQ(status_of(json_request("[1,2]")), Status::bad_request);
  EXPECT_EQ(status_of(json_request("\"text\"")), Status::bad_request);
  EXPECT_EQ(status_of(json_request("{\"a\": \"\xff\"}")), Status::bad_request);
  EXPECT_EQ(status_of(json_request(std::string(100000, '[') + std::string(100000, ']'))),
            Status::bad_request);
  EXPECT_EQ(status_of(json_request("{}", "text/plain")), Status::unsupported_media_type);
  EXPECT_EQ(status_of(json_request("{}", "application/json; charset=utf-8")), Status::ok);
}

TEST(NestingExceeds, IgnoresBracketsInsideStrings) {
  EXPECT_FALSE(nesting_exceeds(R"({"a": "[[[[[[[[[[[[["})", 3));
  EXPECT_TRUE(nesting_exceeds("[[[[", 3));
  EXPECT_FALSE(nesting_exceeds(R"([["\"[[[["]])", 3));
}
