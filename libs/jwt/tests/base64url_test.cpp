#include "taskflow/jwt/base64url.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace taskflow::jwt {
namespace {

std::string as_text(const std::vector<unsigned char>& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

TEST(Base64Url, EncodesRfc4648VectorsWithoutPadding) {
  EXPECT_EQ(base64url_encode(std::string_view("")), "");
  EXPECT_EQ(base64url_encode(std::string_view("f")), "Zg");
  EXPECT_EQ(base64url_encode(std::string_view("fo")), "Zm8");
  EXPECT_EQ(base64url_encode(std::string_view("foo")), "Zm9v");
  EXPECT_EQ(base64url_encode(std::string_view("foob")), "Zm9vYg");
  EXPECT_EQ(base64url_encode(std::string_view("fooba")), "Zm9vYmE");
  EXPECT_EQ(base64url_encode(std::string_view("foobar")), "Zm9vYmFy");
}

TEST(Base64Url, UsesTheUrlSafeAlphabet) {
  const std::vector<unsigned char> bytes = {0xfb, 0xff};
  EXPECT_EQ(base64url_encode(bytes), "-_8");
  EXPECT_EQ(base64url_decode("-_8"), bytes);
}

TEST(Base64Url, RoundTripsEveryByteValueAtEveryLengthRemainder) {
  std::vector<unsigned char> bytes;
  for (int value = 0; value < 256; ++value) {
    bytes.push_back(static_cast<unsigned char>(value));
    EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes);
  }
}

TEST(Base64Url, DecodesEmptyInputToNoBytes) {
  const auto decoded = base64url_decode("");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(decoded->empty());
}

TEST(Base64Url, DecodesCanonicalInput) {
  EXPECT_EQ(as_text(base64url_decode("Zm9vYmE").value()), "fooba");
}

TEST(Base64Url, RejectsPadding) {
  EXPECT_FALSE(base64url_decode("Zg=="));
  EXPECT_FALSE(base64url_decode("Zg="));
  EXPECT_FALSE(base64url_decode("Zm9vYmE="));
  EXPECT_FALSE(base64url_decode("===="));
}

TEST(Base64Url, RejectsCharactersOutsideTheUrlAlphabet) {
  EXPECT_FALSE(base64url_decode("+/8"));
  EXPECT_FALSE(base64url_decode("Zm9v Yg"));
  EXPECT_FALSE(base64url_decode("Zm9vYg\n"));
  EXPECT_FALSE(base64url_decode("Zm9v.Yg"));
  EXPECT_FALSE(base64url_decode(std::string_view("Zm\0v", 4)));
  EXPECT_FALSE(base64url_decode("Zm9v\xc3\xa9"));
}

TEST(Base64Url, AcceptsExactlyTheUrlAlphabetAmongAllByteValues) {
  // libsodium 1.0.18 alone would read every byte >= 0x80 as '_'.
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int value = 0; value < 256; ++value) {
    const char c = static_cast<char>(value);
    const std::string encoded = std::string("AAA") + c;
    EXPECT_EQ(base64url_decode(encoded).has_value(), alphabet.find(c) != std::string::npos)
        << "byte " << value;
  }
}

TEST(Base64Url, RejectsImpossibleLengths) {
  EXPECT_FALSE(base64url_decode("Z"));
  EXPECT_FALSE(base64url_decode("Zm9vY"));
}

TEST(Base64Url, RejectsNonCanonicalTrailingBits) {
  // "Zg" is "f"; "Zh" carries the same byte plus a set bit that no encoder produces.
  EXPECT_FALSE(base64url_decode("Zh"));
  EXPECT_FALSE(base64url_decode("Zm9"));
  EXPECT_FALSE(base64url_decode("Zm9vYmF"));
}

}  // namespace
}  // namespace taskflow::jwt
