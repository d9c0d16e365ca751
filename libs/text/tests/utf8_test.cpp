#include "taskflow/text/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace taskflow::text {
namespace {

TEST(DecodeUtf8, DecodesEveryLength) {
  EXPECT_EQ(decode_utf8("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"),
            std::u32string(U"a\u00E9\u20AC\U0001F600"));
  EXPECT_EQ(decode_utf8(""), std::u32string());
}

TEST(DecodeUtf8, RejectsInvalidSequences) {
  EXPECT_FALSE(decode_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(decode_utf8("\xE0\x80\xAF"));      // overlong, three bytes
  EXPECT_FALSE(decode_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(decode_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(decode_utf8("\xE2\x82"));          // cut short
  EXPECT_FALSE(decode_utf8("\x80"));              // a lone continuation byte
  EXPECT_FALSE(decode_utf8("\xFF"));
}

TEST(IsValidUtf8, AgreesWithDecode) {
  for (const char* bytes : {"", "a\xC3\xA9", "\xF0\x9F\x98\x80", "\xC0\xAF", "\xED\xA0\x80",
                            "\xE2\x82", "\x80", "\xFF", "\xF4\x90\x80\x80"}) {
    EXPECT_EQ(is_valid_utf8(bytes), decode_utf8(bytes).has_value()) << bytes;
  }
}

TEST(DecodeUtf8Lossy, ReplacesEachBadByte) {
  EXPECT_EQ(decode_utf8_lossy("a\xFF"
                              "b\xE2\x82"),
            std::u32string(U"a\uFFFDb\uFFFD\uFFFD"));
  EXPECT_EQ(decode_utf8_lossy("\xC3\xA9"), std::u32string(U"\u00E9"));
}

TEST(ToValidUtf8, KeepsValidTextAndReplacesTheRest) {
  EXPECT_EQ(to_valid_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(to_valid_utf8("a\xFF"), "a\xEF\xBF\xBD");
}

TEST(EncodeUtf8, RoundTrips) {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  EXPECT_EQ(encode_utf8(*decode_utf8(text)), text);
}

TEST(Strip, RemovesPythonWhitespaceOnly) {
  EXPECT_EQ(strip(U" \t\n\u00A0\u3000x y\u2028\r "), U"x y");
  EXPECT_EQ(strip(U"\u200Bx"), U"\u200Bx");  // a zero-width space is not whitespace in Python
  EXPECT_EQ(strip(U"   "), U"");
}

}  // namespace
}  // namespace taskflow::text
