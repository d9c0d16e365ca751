#include "taskflow/text/percent.hpp"

#include <gtest/gtest.h>

#include <string>

namespace taskflow::text {
namespace {

TEST(PercentEncode, KeepsOnlyAlphanumericsAndTheGivenCharacters) {
  EXPECT_EQ(percent_encode("a b/\xC3\xA9-_.~", "-._~"), "a%20b%2F%C3%A9-_.~");
  EXPECT_EQ(percent_encode(std::string("\0%", 2), ""), "%00%25");
}

TEST(PercentDecode, DecodesEscapesAndPlusOnlyWhenAsked) {
  EXPECT_EQ(percent_decode("a%20b"), "a b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("%E2%9C%93"), "\xE2\x9C\x93");
  EXPECT_EQ(percent_decode("%2f%2F"), "//");
}

TEST(PercentDecode, RejectsBrokenEscapes) {
  EXPECT_FALSE(percent_decode("%2"));
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_FALSE(percent_decode("a%g0"));
}

TEST(PercentEncode, RoundTripsThroughDecode) {
  const std::string bytes("any \x01\xFF/?#%+ bytes", 17);
  EXPECT_EQ(percent_decode(percent_encode(bytes, "")), bytes);
}

}  // namespace
}  // namespace taskflow::text
