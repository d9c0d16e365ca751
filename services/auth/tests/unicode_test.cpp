// Expected values come from Debian's /usr/bin/python3 (3.11, Unicode 14.0.0), the interpreter
// Django runs under; each test names the Python expression.
#include "domain/unicode.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace taskflow::auth::unicode {
namespace {

TEST(Utf8, DecodesAndEncodesEveryLength) {
  const std::string text = "a\xC3\xBC\xE2\x82\xAC\xF0\x9F\x94\x91";  // a ü € 🔑
  const auto decoded = decode_utf8(text);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, (std::u32string{U'a', 0xFC, 0x20AC, 0x1F511}));
  EXPECT_EQ(encode_utf8(*decoded), text);
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(decode_utf8("\x80"));                 // stray continuation byte
  EXPECT_FALSE(decode_utf8("\xC3"));                 // truncated
  EXPECT_FALSE(decode_utf8("\xC3\x28"));             // bad continuation byte
  EXPECT_FALSE(decode_utf8("\xC0\x80"));             // overlong NUL
  EXPECT_FALSE(decode_utf8("\xE0\x80\xAF"));         // overlong '/'
  EXPECT_FALSE(decode_utf8("\xED\xA0\x80"));         // surrogate U+D800
  EXPECT_FALSE(decode_utf8("\xF4\x90\x80\x80"));     // past U+10FFFF
  EXPECT_FALSE(decode_utf8("\xFF"));                 // never valid
  EXPECT_TRUE(decode_utf8(std::string("a\0b", 3)));  // NUL is a valid code point
  EXPECT_TRUE(decode_utf8(""));
}

TEST(ToLower, MatchesPythonStrLower) {
  // 'ÀÉÎÕÜ'.lower() == 'àéîõü'; 'ǅ'.lower() == 'ǆ'
  EXPECT_EQ(to_lower(U"ÀÉÎÕÜ"), U"àéîõü");
  EXPECT_EQ(to_lower(U"ǅ"), U"ǆ");
  // 'İSTANBUL'.lower() == 'i\u0307stanbul': the one lowercase that grows.
  EXPECT_EQ(to_lower(U"İSTANBUL"), U"i\u0307stanbul");
  // U+212A KELVIN SIGN lowercases to ASCII 'k'.
  EXPECT_EQ(to_lower(U"\u212A"), U"k");
}

TEST(ToLower, AppliesTheFinalSigmaRuleLikePython) {
  EXPECT_EQ(to_lower(U"ΟΔΟΣ"), U"οδος");          // 'ΟΔΟΣ'.lower()
  EXPECT_EQ(to_lower(U"Σ"), U"σ");                // 'Σ'.lower()
  EXPECT_EQ(to_lower(U"ΣΑ"), U"σα");              // 'ΣΑ'.lower()
  EXPECT_EQ(to_lower(U"ΑΣΑ"), U"ασα");            // 'ΑΣΑ'.lower()
  EXPECT_EQ(to_lower(U"ΑΣ."), U"ας.");            // 'ΑΣ.'.lower()
  EXPECT_EQ(to_lower(U"Α'Σ"), U"α'ς");            // "Α'Σ".lower(): ' is case-ignorable
  EXPECT_EQ(to_lower(U"A\u0345Σ"), U"a\u0345ς");  // 'A\u0345Σ'.lower()
}

TEST(Strip, RemovesWhatPythonStripRemoves) {
  EXPECT_EQ(strip(U"\u00A0 x \u3000"), U"x");      // '\xa0 x \u3000'.strip() == 'x'
  EXPECT_EQ(strip(U"\u001C\u001Fx\u0085"), U"x");  // '\x1c\x1fx\x85'.strip() == 'x'
  EXPECT_EQ(strip(U"\u200B x"), U"\u200B x");      // ZERO WIDTH SPACE is not whitespace
  EXPECT_EQ(strip(U"   "), U"");
  EXPECT_EQ(strip(U""), U"");
}

TEST(IsAllDigits, MatchesPythonIsdigit) {
  EXPECT_TRUE(is_all_digits(U"12345678"));
  EXPECT_TRUE(is_all_digits(U"１２３４"));  // '１２３４'.isdigit() (fullwidth)
  EXPECT_TRUE(is_all_digits(U"٣٤٥"));       // '٣٤٥'.isdigit() (Arabic-Indic)
  EXPECT_TRUE(is_all_digits(U"²³"));        // '²³'.isdigit()
  EXPECT_FALSE(is_all_digits(U"½"));        // '½'.isdigit() is False
  EXPECT_FALSE(is_all_digits(U"1234a"));
  EXPECT_FALSE(is_all_digits(U""));  // ''.isdigit() is False
}

std::vector<std::u32string> split(std::u32string_view text) {
  std::vector<std::u32string> pieces;
  for (auto piece : split_on_non_word(text)) pieces.emplace_back(piece);
  return pieces;
}

TEST(SplitOnNonWord, MatchesPythonReSplit) {
  using Pieces = std::vector<std::u32string>;
  // re.split(r'\W+', 'john.smith@example.com') == ['john', 'smith', 'example', 'com']
  EXPECT_EQ(split(U"john.smith@example.com"), (Pieces{U"john", U"smith", U"example", U"com"}));
  EXPECT_EQ(split(U"jean-françois"), (Pieces{U"jean", U"françois"}));
  EXPECT_EQ(split(U"..a.."), (Pieces{U"", U"a", U""}));
  EXPECT_EQ(split(U"x."), (Pieces{U"x", U""}));
  EXPECT_EQ(split(U"a_b c"), (Pieces{U"a_b", U"c"}));
  EXPECT_EQ(split(U"日本語 テキスト"), (Pieces{U"日本語", U"テキスト"}));
  EXPECT_EQ(split(U""), (Pieces{U""}));
}

}  // namespace
}  // namespace taskflow::auth::unicode
