#include "taskflow/jwt/key_set.hpp"

#include <gtest/gtest.h>

#include "taskflow/jwt/base64url.hpp"

namespace taskflow::jwt {
namespace {

using nlohmann::json;

json good_jwk(const KeyPair& key) {
  return {{"kty", "OKP"},     {"crv", "Ed25519"}, {"x", key.public_key().to_base64url()},
          {"kid", key.kid()}, {"alg", "EdDSA"},   {"use", "sig"}};
}

json with(json jwk, const std::string& member, json value) {
  jwk[member] = std::move(value);
  return jwk;
}

json without(json jwk, const std::string& member) {
  jwk.erase(member);
  return jwk;
}

TEST(KeySet, SerialisesToTheJwksShape) {
  const auto key = KeyPair::generate();
  KeySet keys;
  keys.add(key.kid(), key.public_key());
  EXPECT_EQ(keys.to_jwks(), json({{"keys", {good_jwk(key)}}}));
}

TEST(KeySet, RoundTripsThroughJwks) {
  const auto first = KeyPair::generate();
  const auto second = KeyPair::generate();
  KeySet keys;
  keys.add(first.kid(), first.public_key());
  keys.add(second.kid(), second.public_key());

  const KeySet parsed = KeySet::from_jwks(json::parse(keys.to_jwks().dump()));
  EXPECT_EQ(parsed, keys);
  ASSERT_NE(parsed.find(second.kid()), nullptr);
  EXPECT_EQ(*parsed.find(second.kid()), second.public_key());
  EXPECT_EQ(parsed.find("no-such-kid"), nullptr);
}

TEST(KeySet, AcceptsKeysWithoutTheOptionalAlgAndUse) {
  const auto key = KeyPair::generate();
  const json jwk = without(without(good_jwk(key), "alg"), "use");
  EXPECT_EQ(KeySet::from_jwks({{"keys", {jwk}}}).size(), 1u);
}

TEST(KeySet, SkipsUnusableEntriesButKeepsTheGoodOnes) {
  const auto good = KeyPair::generate();
  const auto other = KeyPair::generate();
  const json base = good_jwk(other);
  PublicKey::Bytes identity{};
  identity[0] = 1;

  const json garbage = json::array({
      42,
      "a string",
      nullptr,
      json::array(),
      json::object(),
      with(base, "kty", "RSA"),
      with(base, "kty", "EC"),
      with(base, "crv", "X25519"),
      with(base, "crv", "Ed448"),
      with(base, "alg", "ES256"),
      with(base, "alg", "none"),
      with(base, "use", "enc"),
      with(base, "kty", 1),
      without(base, "kty"),
      without(base, "crv"),
      without(base, "kid"),
      with(base, "kid", 7),
      with(base, "kid", ""),
      without(base, "x"),
      with(base, "x", 12345),
      with(base, "x", ""),
      with(base, "x", "!!not base64url!!"),
      with(base, "x", base["x"].get<std::string>() + "="),
      with(base, "x", base["x"].get<std::string>().substr(0, 40)),
      with(base, "x", base64url_encode(identity)),
  });
  json keys = garbage;
  keys.push_back(good_jwk(good));

  const KeySet parsed = KeySet::from_jwks({{"keys", keys}});
  EXPECT_EQ(parsed.size(), 1u);
  EXPECT_NE(parsed.find(good.kid()), nullptr);
}

TEST(KeySet, DropsAKidThatNamesTwoDifferentKeys) {
  const auto first = KeyPair::generate();
  const auto second = KeyPair::generate();
  const auto good = KeyPair::generate();
  const json clash = with(good_jwk(second), "kid", first.kid());

  const KeySet parsed =
      KeySet::from_jwks({{"keys", {good_jwk(first), clash, good_jwk(first), good_jwk(good)}}});
  EXPECT_EQ(parsed.find(first.kid()), nullptr);
  EXPECT_NE(parsed.find(good.kid()), nullptr);
}

TEST(KeySet, ToleratesTheSameKeyListedTwice) {
  const auto key = KeyPair::generate();
  EXPECT_EQ(KeySet::from_jwks({{"keys", {good_jwk(key), good_jwk(key)}}}).size(), 1u);
}

TEST(KeySet, ReadsDocumentsThatAreNotAJwksAsEmpty) {
  for (const json& document : {json(), json(42), json::array(), json::object(),
                               json({{"keys", json::object()}}), json({{"keys", "x"}})}) {
    EXPECT_TRUE(KeySet::from_jwks(document).empty()) << document;
  }
}

}  // namespace
}  // namespace taskflow::jwt
