#include "taskflow/text/ascii.hpp"

#include <gtest/gtest.h>

namespace taskflow::text {
namespace {

TEST(IsToken, AcceptsTcharsOnly) {
  EXPECT_TRUE(is_token("form-data"));
  EXPECT_TRUE(is_token("x!#$%&'*+-.^_`|~9"));
  EXPECT_FALSE(is_token(""));
  EXPECT_FALSE(is_token("a b"));
  EXPECT_FALSE(is_token("a/b"));
  EXPECT_FALSE(is_token("a\"b"));
}

TEST(TrimOws, RemovesSpacesAndTabsOnly) {
  EXPECT_EQ(trim_ows(" \t x y \t"), "x y");
  EXPECT_EQ(trim_ows("\r\nx\n"), "\r\nx\n");
  EXPECT_EQ(trim_ows("  "), "");
}

TEST(ToLowerAscii, LowersAsciiLettersOnly) {
  EXPECT_EQ(to_lower_ascii("Content-TYPE \xC3\x89"), "content-type \xC3\x89");
}

}  // namespace
}  // namespace taskflow::text
