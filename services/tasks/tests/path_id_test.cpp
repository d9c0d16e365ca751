#include "domain/path_id.hpp"

#include <gtest/gtest.h>

namespace taskflow::tasks {
namespace {

TEST(ParseId, AcceptsCanonicalPositiveNumbers) {
  EXPECT_EQ(parse_id("1"), 1);
  EXPECT_EQ(parse_id("42"), 42);
  EXPECT_EQ(parse_id("9223372036854775807"), INT64_MAX);
}

TEST(ParseId, RejectsEverythingElse) {
  for (const char* text : {"", "0", "00", "01", "-1", "+1", " 1", "1 ", "1a", "0x1", "1.0", "1e3",
                           "9223372036854775808", "99999999999999999999999", "\xD9\xA1"}) {
    EXPECT_FALSE(parse_id(text)) << text;
  }
}

}  // namespace
}  // namespace taskflow::tasks
