#include "taskflow/jwt/keys.hpp"

#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "taskflow/jwt/base64url.hpp"

namespace taskflow::jwt {
namespace {

// RFC 8037 appendix A: the Ed25519 key (A.1, A.2), its thumbprint (A.3) and the JWS (A.4).
constexpr std::string_view kRfcSeed = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr std::string_view kRfcPublicKey = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
constexpr std::string_view kRfcThumbprint = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
constexpr std::string_view kRfcSigningInput =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
constexpr std::string_view kRfcSignature =
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

TEST(KeyPair, MatchesRfc8037KnownAnswers) {
  const auto key = KeyPair::from_seed_base64url(kRfcSeed);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->public_key().to_base64url(), kRfcPublicKey);
  EXPECT_EQ(key->kid(), kRfcThumbprint);
  EXPECT_EQ(key->public_key().thumbprint(), kRfcThumbprint);
  EXPECT_EQ(base64url_encode(key->sign(kRfcSigningInput)), kRfcSignature);
  EXPECT_EQ(key->seed_base64url(), kRfcSeed);
}

TEST(KeyPair, GeneratedKeysAreDistinctAndSurviveTheSeedRoundTrip) {
  const auto first = KeyPair::generate();
  const auto second = KeyPair::generate();
  EXPECT_NE(first.public_key(), second.public_key());
  EXPECT_NE(first.kid(), second.kid());
  EXPECT_EQ(first.kid().size(), 43u);  // base64url of a SHA-256 digest

  const auto reloaded = KeyPair::from_seed_base64url(first.seed_base64url());
  ASSERT_TRUE(reloaded.has_value());
  EXPECT_EQ(reloaded->public_key(), first.public_key());
  EXPECT_EQ(reloaded->kid(), first.kid());
}

TEST(KeyPair, RejectsSeedTextThatIsNotExactlyA32ByteSeed) {
  EXPECT_FALSE(KeyPair::from_seed_base64url(""));
  EXPECT_FALSE(KeyPair::from_seed_base64url(kRfcSeed.substr(1)));
  EXPECT_FALSE(KeyPair::from_seed_base64url(std::string(kRfcSeed) + "AA"));
  EXPECT_FALSE(KeyPair::from_seed_base64url(std::string(kRfcSeed) + "\n"));
  EXPECT_FALSE(KeyPair::from_seed_base64url(std::string(kRfcSeed) + "="));
  EXPECT_FALSE(KeyPair::from_seed_base64url("not a seed at all, not base64url either!!!"));
}

TEST(KeyPair, MovedKeyKeepsSigning) {
  auto original = KeyPair::generate();
  const PublicKey public_key = original.public_key();
  const KeyPair moved = std::move(original);
  EXPECT_TRUE(public_key.verify("message", moved.sign("message")));

  KeyPair assigned = KeyPair::generate();
  assigned = KeyPair::from_seed_base64url(kRfcSeed).value();
  EXPECT_EQ(base64url_encode(assigned.sign(kRfcSigningInput)), kRfcSignature);
}

TEST(PublicKey, VerifiesOnlyTheSignedMessageWithAFullSignature) {
  const auto key = KeyPair::from_seed_base64url(kRfcSeed).value();
  const auto signature = key.sign("message");
  EXPECT_TRUE(key.public_key().verify("message", signature));
  EXPECT_FALSE(key.public_key().verify("messagf", signature));
  EXPECT_FALSE(key.public_key().verify("message", std::span(signature).first(63)));
  EXPECT_FALSE(KeyPair::generate().public_key().verify("message", signature));
}

TEST(PublicKey, ParsesAValidX) {
  const auto key = PublicKey::from_base64url(kRfcPublicKey);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->to_base64url(), kRfcPublicKey);
}

TEST(PublicKey, RejectsMalformedOrWeakX) {
  EXPECT_FALSE(PublicKey::from_base64url(""));
  EXPECT_FALSE(PublicKey::from_base64url(kRfcPublicKey.substr(0, 42)));
  EXPECT_FALSE(PublicKey::from_base64url(std::string(kRfcPublicKey) + "AA"));
  EXPECT_FALSE(PublicKey::from_base64url(std::string(kRfcPublicKey) + "="));
  // The identity point: a small-order key under which forged signatures can verify.
  PublicKey::Bytes identity{};
  identity[0] = 1;
  EXPECT_FALSE(PublicKey::from_base64url(base64url_encode(identity)));
  // y = 2^255 - 1 is not a canonical field element.
  PublicKey::Bytes non_canonical;
  non_canonical.fill(0xff);
  non_canonical[31] = 0x7f;
  EXPECT_FALSE(PublicKey::from_base64url(base64url_encode(non_canonical)));
}

}  // namespace
}  // namespace taskflow::jwt
