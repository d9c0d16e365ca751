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

TEST(LiveChange, ReadsTheMembersAndTheFrame) {
  const auto* payload = R"({"user_ids":[7,9],"frame":{"type":"task_changed","task":{"id":3}}})";
  auto parsed = parse_live_change(payload);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->user_ids, (std::vector<std::int64_t>{7, 9}));
  EXPECT_EQ(nlohmann::json::parse(parsed->frame)["task"]["id"], 3);
  EXPECT_TRUE(parsed->seqs.empty());
  EXPECT_FALSE(parse_live_message(payload));
}

TEST(LiveChange, RejectsMalformedPayloads) {
  EXPECT_FALSE(parse_live_change(R"({"user_id":7,"unread_count":1})"));
  EXPECT_FALSE(parse_live_change(R"({"user_ids":[7],"frame":"x"})"));
  EXPECT_FALSE(parse_live_change(R"({"user_ids":["7"],"frame":{}})"));
}

TEST(StreamId, ParsesAndPrintsRedisStreamIds) {
  auto id = parse_stream_id("1701234567890-12");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->ms, 1701234567890u);
  EXPECT_EQ(id->seq, 12u);
  EXPECT_EQ(id->text(), "1701234567890-12");
  EXPECT_EQ(parse_stream_id("18446744073709551615-0")->ms, 18446744073709551615u);
  for (const auto* bad : {"", "-", "1", "1-", "-1", "1-2-3", "a-1", "1-b", " 1-2", "1-2 ", "+1-2",
                          "18446744073709551616-0", "1-000000000000000000001"}) {
    EXPECT_FALSE(parse_stream_id(bad)) << bad;
  }
}

TEST(StreamId, OrdersAsRedisDoes) {
  EXPECT_LT((StreamId{.ms = 5, .seq = 9}), (StreamId{.ms = 6, .seq = 0}));
  EXPECT_LT((StreamId{.ms = 6, .seq = 0}), (StreamId{.ms = 6, .seq = 1}));
}

TEST(LiveMessage, CarriesItsPlaceInTheStream) {
  auto message = parse_live_message(R"({"seq":"10-1","user_id":7,"unread_count":2})");
  ASSERT_TRUE(message);
  EXPECT_EQ(message->seq, (StreamId{.ms = 10, .seq = 1}));
  EXPECT_FALSE(parse_live_message(R"({"seq":"x","user_id":7,"unread_count":2})"));
  EXPECT_FALSE(parse_live_message(R"({"seq":10,"user_id":7,"unread_count":2})"));
}

TEST(LiveChange, CarriesEachMembersPlace) {
  auto parsed = parse_live_change(
      R"({"user_ids":[7,9],"seqs":["10-0","11-3"],"frame":{"type":"task_changed"}})");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->seqs, (std::vector<StreamId>{{.ms = 10, .seq = 0}, {.ms = 11, .seq = 3}}));
  EXPECT_FALSE(parse_live_change(R"({"user_ids":[7,9],"frame":{},"seqs":["10-0"]})"));
  EXPECT_FALSE(parse_live_change(R"({"user_ids":[7],"frame":{},"seqs":[1]})"));
}

TEST(LiveFrames, MarksTheLastFrameWithTheSeq) {
  auto message = live_frames(StreamId{.ms = 10, .seq = 2},
                             {R"({"id":"e"})", R"({"type":"unread_count","unread_count":1})"});
  ASSERT_EQ(message.frames.size(), 2u);
  EXPECT_EQ(message.frames[0], R"({"id":"e"})");
  EXPECT_EQ(nlohmann::json::parse(message.frames[1])["seq"], "10-2");
  EXPECT_EQ(live_frames(std::nullopt, {"{}"}).frames[0], "{}");
}

TEST(LiveFrames, ReadsTheEntriesOfTheStream) {
  const StreamId id{.ms = 10, .seq = 0};
  auto message = live_frames_of_entry(
      id, "message", R"({"user_id":7,"unread_count":1,"notification":{"id":"e"}})");
  ASSERT_TRUE(message);
  EXPECT_EQ(message->seq, id);
  ASSERT_EQ(message->frames.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(message->frames[1])["seq"], "10-0");
  auto change = live_frames_of_entry(id, "change", R"({"type":"task_changed"})");
  ASSERT_TRUE(change);
  EXPECT_EQ(nlohmann::json::parse(change->frames.at(0))["type"], "task_changed");
  EXPECT_FALSE(live_frames_of_entry(id, "other", "{}"));
  EXPECT_FALSE(live_frames_of_entry(id, "change", "[]"));
  EXPECT_FALSE(live_frames_of_entry(id, "message", "{}"));
}

TEST(Replay, IsCompleteOnlyWithinTheWindowUpToTheHeadAndTheLimit) {
  const ReplayBounds within{.after = {.ms = 100'000, .seq = 0},
                            .head = {.ms = 100'500, .seq = 0},
                            .redis_now_ms = 101'000,
                            .window = std::chrono::milliseconds(10'000),
                            .found = 3,
                            .limit = 3};
  EXPECT_TRUE(replay_is_complete(within));
  auto old = within;
  old.redis_now_ms = 110'000;  // `after` is exactly as old as the window: may be trimmed
  EXPECT_FALSE(replay_is_complete(old));
  auto beyond_head = within;
  beyond_head.after = {.ms = 100'500, .seq = 1};
  EXPECT_FALSE(replay_is_complete(beyond_head));
  auto at_head = within;
  at_head.after = within.head;
  EXPECT_TRUE(replay_is_complete(at_head));
  auto too_many = within;
  too_many.found = 4;
  EXPECT_FALSE(replay_is_complete(too_many));
}
