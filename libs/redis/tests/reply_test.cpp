#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include "taskflow/redis/reply.hpp"

using namespace taskflow;
using namespace std::string_literals;
using redis::Reply;

namespace {

// Parses RESP bytes with hiredis's own reader, as a live connection would.
Reply from_wire(const std::string& resp) {
  std::unique_ptr<redisReader, decltype(&redisReaderFree)> reader(redisReaderCreate(),
                                                                  &redisReaderFree);
  EXPECT_EQ(redisReaderFeed(reader.get(), resp.data(), resp.size()), REDIS_OK);
  void* raw = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader.get(), &raw), REDIS_OK);
  EXPECT_NE(raw, nullptr);
  std::unique_ptr<redisReply, decltype(&freeReplyObject)> reply(static_cast<redisReply*>(raw),
                                                                &freeReplyObject);
  return Reply::from_hiredis(*reply);
}

}  // namespace

TEST(Reply, CopiesEveryTypeOutOfHiredis) {
  auto reply = from_wire("*5\r\n:42\r\n$3\r\na\0b\r\n$-1\r\n+OK\r\n*1\r\n-ERR bad\r\n"s);
  EXPECT_EQ(reply, Reply::array({Reply::integer(42), Reply::string("a\0b"s), Reply(),
                                 Reply::status("OK"), Reply::array({Reply::error("ERR bad")})}));
  EXPECT_EQ(reply.elements()[1].as_string().size(), 3u);
  EXPECT_TRUE(reply.elements()[2].is_nil());
  EXPECT_EQ(reply.elements()[3].as_string(), "OK");
  EXPECT_EQ(reply.elements()[4].elements()[0].error_message(), "ERR bad");
}

TEST(Reply, NilArrayIsNil) {
  EXPECT_TRUE(from_wire("*-1\r\n").is_nil());
}

TEST(Reply, AccessorsRejectOtherTypesQuotingRedisErrors) {
  EXPECT_THROW(Reply::string("1").as_integer(), redis::UnexpectedReply);
  EXPECT_THROW(Reply().as_string(), redis::UnexpectedReply);
  EXPECT_THROW(Reply::integer(1).elements(), redis::UnexpectedReply);
  EXPECT_THROW(Reply::status("OK").error_message(), redis::UnexpectedReply);
  try {
    Reply::error("WRONGTYPE Operation against a key holding the wrong kind of value").as_integer();
    FAIL() << "expected UnexpectedReply";
  } catch (const redis::UnexpectedReply& e) {
    EXPECT_NE(std::string(e.what()).find("WRONGTYPE"), std::string::npos) << e.what();
  }
}

TEST(Reply, TransientServerErrorsAreUnavailableOthersAreAnswers) {
  EXPECT_TRUE(
      redis::is_unavailable(Reply::error("LOADING Redis is loading the dataset in memory")));
  EXPECT_TRUE(redis::is_unavailable(Reply::error("BUSY Redis is busy running a script.")));
  EXPECT_TRUE(redis::is_unavailable(Reply::error("MASTERDOWN Link with MASTER is down")));
  EXPECT_TRUE(redis::is_unavailable(Reply::error("TRYAGAIN")));
  EXPECT_FALSE(redis::is_unavailable(Reply::error("WRONGTYPE Operation against a key")));
  EXPECT_FALSE(redis::is_unavailable(Reply::error("BUSYKEY Target key name already exists.")));
  EXPECT_FALSE(redis::is_unavailable(Reply::string("LOADING")));
}
