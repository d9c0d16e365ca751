#include "domain/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace taskflow::tasks::text {
namespace {

TEST(HttpHelpers, RecogniseTokensTrimAndLowerCase) {
  EXPECT_TRUE(is_http_token("form-data"));
  EXPECT_FALSE(is_http_token(""));
  EXPECT_FALSE(is_http_token("a b"));
  EXPECT_FALSE(is_http_token("a/b"));
  EXPECT_EQ(trim_http_whitespace(" \t x y \t"), "x y");
  EXPECT_EQ(to_lower_ascii("Content-TYPE \xC3\x89"), "content-type \xC3\x89");
}

}  // namespace
}  // namespace taskflow::tasks::text
