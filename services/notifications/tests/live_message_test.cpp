#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/live_message.hpp"

using namespace taskflow::notifications;

TEST(LiveMessage, ReadsANewNotification) {
  auto message = parse_live_message(
      R"({"user_id":7,"unread_count":2,"notification":{"id":"e","read":false}})");
  ASSERT_TRUE(message);
  EXPECT_EQ(message->user_id, 7);
  EXPECT_EQ(message->unread_count, 2);
  ASSERT_TRUE(message->notification);
  auto frames = frames_for(*message);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(frames[0])["id"], "e");
  EXPECT_EQ(frames[1], R"({"type":"unread_count","unread_count":2})");
}

TEST(LiveMessage, ACountAloneMakesOneFrame) {
  auto message = parse_live_message(R"({"user_id":7,"unread_count":0})");
  ASSERT_TRUE(message);
  EXPECT_FALSE(message->notification);
  EXPECT_EQ(frames_for(*message).size(), 1u);
}

TEST(LiveMessage, RejectsMalformedPayloads) {
  EXPECT_FALSE(parse_live_message("nope"));
  EXPECT_FALSE(parse_live_message(R"({"unread_count":1})"));
  EXPECT_FALSE(parse_live_message(R"({"user_id":"7","unread_count":1})"));
  EXPECT_FALSE(parse_live_message(R"({"user_id":7,"unread_count":1,"notification":"x"})"));
}

TEST(LiveChange, RoundTripsThroughItsPayload) {
  const LiveChange change{.user_ids = {7, 9},
                          .frame = R"({"type":"task_changed","task":{"id":3}})"};
  auto parsed = parse_live_change(live_change_payload(change));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->user_ids, change.user_ids);
  EXPECT_EQ(nlohmann::json::parse(parsed->frame), nlohmann::json::parse(change.frame));
  EXPECT_FALSE(parse_live_message(live_change_payload(change)));
}

TEST(LiveChange, RejectsMalformedPayloads) {
  EXPECT_FALSE(parse_live_change(R"({"user_id":7,"unread_count":1})"));
  EXPECT_FALSE(parse_live_change(R"({"user_ids":[7],"frame":"x"})"));
  EXPECT_FALSE(parse_live_change(R"({"user_ids":["7"],"frame":{}})"));
}
