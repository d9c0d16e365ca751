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

std::string detail_of(const Request& request) {
  Context ctx(request, Target{"/x", {}}, "id", "");
  try {
    ctx.json_object();
  } catch (const HttpError& e) {
    return e.what();
  }
  return "";
}

TEST(JsonBody, RefusesWhatParsersCouldReadDifferently) {
  EXPECT_EQ(detail_of(json_request(R"({"title":"a","title":"b"})")),
            "JSON parse error - the name \"title\" appears twice in one object.");
  EXPECT_EQ(status_of(json_request(R"({"a":{"b":1,"b":2}})")), Status::bad_request);
  EXPECT_EQ(status_of(json_request(R"({"a":[{"b":1},{"b":2,"b":3}]})")), Status::bad_request);
  EXPECT_EQ(detail_of(json_request(std::string("{\"a\":1}\0", 8))),
            "JSON parse error - a NUL character is not allowed.");
  EXPECT_EQ(detail_of(json_request("\xEF\xBB\xBF{\"a\":1}")),
            "JSON parse error - a byte order mark is not allowed.");
}

TEST(JsonBody, KeepsTheSameNameInDifferentObjects) {
  auto request = json_request(R"({"a":{"id":1},"b":{"id":2},"c":[{"id":3},{"id":4}],"id":5})");
  Context ctx(request, Target{"/x", {}}, "id", "");
  EXPECT_EQ(ctx.json_object()["c"][1]["id"], 4);
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
