#include <gtest/gtest.h>

#include "domain/requests.hpp"

using namespace taskflow::notifications;
using nlohmann::json;

TEST(ParsePage, DefaultsAndLimits) {
  auto page = parse_page(std::nullopt, std::nullopt).value();
  EXPECT_EQ(page.limit, 20u);
  EXPECT_EQ(page.offset, 0u);
  page = parse_page("100", "40").value();
  EXPECT_EQ(page.limit, 100u);
  EXPECT_EQ(page.offset, 40u);
  EXPECT_EQ(parse_page("1", "0").value().limit, 1u);
}

TEST(ParsePage, RejectsAnythingElseByField) {
  for (auto bad : {"0", "101", "-1", "abc", "", " 5", "5 ", "1.5", "+3", "99999999999999999999"}) {
    auto outcome = parse_page(bad, std::nullopt);
    ASSERT_FALSE(outcome.ok()) << bad;
    EXPECT_TRUE(outcome.errors().contains("limit")) << bad;
  }
  for (auto bad : {"-1", "x", "", "1e3"}) {
    auto outcome = parse_page(std::nullopt, bad);
    ASSERT_FALSE(outcome.ok()) << bad;
    EXPECT_TRUE(outcome.errors().contains("offset")) << bad;
  }
  auto both = parse_page("0", "x").errors();
  EXPECT_EQ(both.size(), 2u);
}

TEST(ParseMarkRead, IdsOrAll) {
  auto ids = parse_mark_read(json{{"ids", {"a", "b"}}}).value();
  EXPECT_FALSE(ids.all);
  EXPECT_EQ(ids.ids, (std::vector<std::string>{"a", "b"}));
  auto all = parse_mark_read(json{{"all", true}}).value();
  EXPECT_TRUE(all.all);
  EXPECT_TRUE(all.ids.empty());
}

TEST(ParseMarkRead, RejectsMalformedBodies) {
  auto field_of = [](const json& body) {
    auto outcome = parse_mark_read(body);
    EXPECT_FALSE(outcome.ok()) << body.dump();
    if (outcome.ok()) return std::string();
    return outcome.errors().begin()->first;
  };
  EXPECT_EQ(field_of(json::object()), "ids");
  EXPECT_EQ(field_of(json{{"ids", json::array()}}), "ids");
  EXPECT_EQ(field_of(json{{"ids", "abc"}}), "ids");
  EXPECT_EQ(field_of(json{{"ids", {1, 2}}}), "ids");
  EXPECT_EQ(field_of(json{{"ids", {""}}}), "ids");
  EXPECT_EQ(field_of(json{{"ids", {std::string(129, 'x')}}}), "ids");
  EXPECT_EQ(field_of(json{{"ids", std::vector<std::string>(1001, "x")}}), "ids");
  EXPECT_EQ(field_of(json{{"all", false}}), "all");
  EXPECT_EQ(field_of(json{{"all", "yes"}}), "all");
  EXPECT_EQ(field_of(json{{"all", true}, {"ids", {"a"}}}), "non_field_errors");
}

TEST(TokenFromSubprotocols, ReadsBearerAndToken) {
  EXPECT_EQ(token_from_subprotocols("bearer, abc.def.ghi"), "abc.def.ghi");
  EXPECT_EQ(token_from_subprotocols("bearer,abc"), "abc");
  EXPECT_FALSE(token_from_subprotocols("bearer"));
  EXPECT_FALSE(token_from_subprotocols("chat, abc"));
  EXPECT_FALSE(token_from_subprotocols("bearer, "));
  EXPECT_FALSE(token_from_subprotocols("bearer, a, b"));
}

TEST(WebsocketOriginAllowed, TakesNoOriginAndTheGatewaysOwn) {
  const std::vector<std::string> none;
  EXPECT_TRUE(websocket_origin_allowed(std::nullopt, "taskflow.example", none));
  EXPECT_TRUE(websocket_origin_allowed("https://taskflow.example", "taskflow.example", none));
  EXPECT_TRUE(websocket_origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000", none));
  EXPECT_TRUE(websocket_origin_allowed("HTTP://TaskFlow.Example", "taskflow.EXAMPLE", none));
}

TEST(WebsocketOriginAllowed, RefusesOtherSites) {
  const std::vector<std::string> none;
  EXPECT_FALSE(websocket_origin_allowed("https://evil.example", "taskflow.example", none));
  EXPECT_FALSE(websocket_origin_allowed("http://127.0.0.1:8001", "127.0.0.1:8000", none));
  EXPECT_FALSE(websocket_origin_allowed("null", "taskflow.example", none));
  EXPECT_FALSE(websocket_origin_allowed("", "taskflow.example", none));
  EXPECT_FALSE(websocket_origin_allowed("https://", "", none));
  EXPECT_FALSE(websocket_origin_allowed("ftp://taskflow.example", "taskflow.example", none));
  EXPECT_FALSE(websocket_origin_allowed("https://taskflow.example/x", "taskflow.example/x", none));
}

TEST(WebsocketOriginAllowed, TakesTheConfiguredOnesExactly) {
  const std::vector<std::string> allowed{"http://localhost:3000", "null"};
  EXPECT_TRUE(websocket_origin_allowed("http://localhost:3000", "api.example:8000", allowed));
  EXPECT_TRUE(websocket_origin_allowed("null", "api.example:8000", allowed));
  EXPECT_FALSE(websocket_origin_allowed("http://localhost:3001", "api.example:8000", allowed));
}

TEST(ParseOriginList, SplitsAndTrims) {
  EXPECT_EQ(parse_origin_list(" http://localhost:3000/ , https://app.example,,"),
            (std::vector<std::string>{"http://localhost:3000", "https://app.example"}));
  EXPECT_TRUE(parse_origin_list("").empty());
}

TEST(ResumePosition, IsTheSeqOfALiveMessageOrNothing) {
  EXPECT_EQ(parse_resume_position(std::nullopt).value(), std::nullopt);
  EXPECT_EQ(parse_resume_position("").value(), std::nullopt);
  EXPECT_EQ(parse_resume_position("1700000000000-3").value(),
            (StreamId{.ms = 1700000000000, .seq = 3}));
  for (const auto* bad : {"x", "17", "-3", "1-2-3", "1e3-0"}) {
    auto parsed = parse_resume_position(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_TRUE(parsed.errors().contains("since"));
  }
}
