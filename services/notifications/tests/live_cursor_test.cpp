#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/live_cursor.hpp"

using namespace taskflow::notifications;

namespace {

LiveFrames message(std::uint64_t ms, const std::string& text) {
  return live_frames(StreamId{.ms = ms, .seq = 0}, {nlohmann::json{{"m", text}}.dump()});
}

LiveReplay replayed(std::vector<LiveFrames> messages) {
  auto head = messages.empty() ? StreamId{} : *messages.back().seq;
  return {.complete = true, .head = head, .messages = std::move(messages)};
}

// The "m" of each frame, "resync" for a resync frame.
std::vector<std::string> texts(const std::vector<std::string>& frames) {
  std::vector<std::string> out;
  for (const auto& frame : frames) {
    auto json = nlohmann::json::parse(frame);
    out.push_back(json.contains("m") ? json["m"].get<std::string>()
                                     : json["type"].get<std::string>());
  }
  return out;
}

using Texts = std::vector<std::string>;

}  // namespace

TEST(LiveCursor, LiveMessagesWaitForTheFirstReplayAndComeAfterIt) {
  LiveCursor cursor(StreamId{.ms = 10});
  EXPECT_TRUE(cursor.on_live(message(13, "c")).empty());
  EXPECT_EQ(texts(cursor.finish_replay(replayed({message(11, "a"), message(12, "b")}))),
            (Texts{"a", "b", "c"}));
  EXPECT_FALSE(cursor.replaying());
  EXPECT_EQ(texts(cursor.on_live(message(14, "d"))), Texts{"d"});
  EXPECT_EQ(cursor.seen(), (StreamId{.ms = 14}));
}

TEST(LiveCursor, SendsEachMessageOnceWhateverPathItComesBy) {
  LiveCursor cursor(StreamId{.ms = 10});
  // Published after the socket joined and also read by its replay.
  EXPECT_TRUE(cursor.on_live(message(11, "a")).empty());
  EXPECT_EQ(texts(cursor.finish_replay(replayed({message(11, "a")}))), Texts{"a"});
  EXPECT_TRUE(cursor.on_live(message(11, "a")).empty());
  EXPECT_TRUE(cursor.on_live(message(9, "old")).empty());
}

TEST(LiveCursor, AMessageWithoutAPlaceGoesOutAtOnce) {
  LiveCursor cursor(StreamId{.ms = 10});
  EXPECT_EQ(texts(cursor.on_live(live_frames(std::nullopt, {R"({"m":"x"})"}))), Texts{"x"});
  EXPECT_EQ(cursor.seen(), (StreamId{.ms = 10}));
}

TEST(LiveCursor, AnIncompleteReplayAsksTheClientToReloadFromTheHead) {
  LiveCursor cursor(StreamId{.ms = 10});
  EXPECT_TRUE(cursor.on_live(message(30, "late")).empty());
  EXPECT_TRUE(cursor.on_live(message(20, "covered")).empty());
  auto frames =
      cursor.finish_replay(LiveReplay{.complete = false, .head = {.ms = 25}, .messages = {}});
  ASSERT_EQ(texts(frames), (Texts{"resync", "late"}));
  EXPECT_EQ(nlohmann::json::parse(frames[0])["seq"], "25-0");
  EXPECT_EQ(nlohmann::json::parse(frames[1])["seq"], "30-0");
}

TEST(LiveCursor, AFailedReplayAsksTheClientToReloadAndKeepsItsPlace) {
  LiveCursor cursor(StreamId{.ms = 10});
  auto frames = cursor.finish_replay(std::nullopt);
  ASSERT_EQ(texts(frames), Texts{"resync"});
  EXPECT_EQ(nlohmann::json::parse(frames[0])["seq"], "10-0");
  EXPECT_EQ(texts(cursor.on_live(message(11, "a"))), Texts{"a"});
}

TEST(LiveCursor, OverlappingReplaysReleaseTheWaitingMessagesAfterTheLast) {
  LiveCursor cursor(StreamId{.ms = 10});
  cursor.begin_replay();  // a resubscription while the socket's first replay is in flight
  EXPECT_TRUE(cursor.on_live(message(14, "d")).empty());
  EXPECT_EQ(texts(cursor.finish_replay(replayed({message(11, "a")}))), Texts{"a"});
  EXPECT_TRUE(cursor.replaying());
  // The later replay read more of the stream: what it holds comes before what waited.
  EXPECT_EQ(
      texts(cursor.finish_replay(replayed({message(11, "a"), message(12, "b"), message(13, "c")}))),
      (Texts{"b", "c", "d"}));
  EXPECT_FALSE(cursor.replaying());
}

TEST(LiveCursor, AFinishWithoutAReplayInFlightSendsNothing) {
  LiveCursor cursor(StreamId{.ms = 10});
  EXPECT_TRUE(cursor.finish_replay(replayed({})).empty());
  EXPECT_TRUE(cursor.finish_replay(replayed({message(11, "a")})).empty());
}
