#include "taskflow/jwt/verifier.hpp"

#include <sodium.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "taskflow/jwt/base64url.hpp"
#include "taskflow/jwt/signer.hpp"

namespace taskflow::jwt {
namespace {

using nlohmann::json;
using std::chrono::seconds;

constexpr std::string_view kIssuer = "taskflow-auth";
const std::chrono::sys_seconds kNow{seconds(1'700'000'000)};
const std::int64_t kNowSeconds = 1'700'000'000;

// Builds a token from arbitrary header and payload text, signed by `key` (or unsigned).
std::string forge(std::string_view header, std::string_view payload, const KeyPair* key) {
  const std::string signing_input = base64url_encode(header) + "." + base64url_encode(payload);
  return signing_input + "." + (key ? base64url_encode(key->sign(signing_input)) : "");
}

class VerifierTest : public ::testing::Test {
 protected:
  VerifierTest() : signer_(KeyPair::generate()) {
    keys_.add(signer_.key().kid(), signer_.key().public_key());
  }

  json claims(std::string_view token_type = "access") const {
    return {{"iss", kIssuer},           {"user_id", 42},      {"jti", "jti-1"},
            {"token_type", token_type}, {"iat", kNowSeconds}, {"exp", kNowSeconds + 900}};
  }

  json header() const { return {{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", signer_.key().kid()}}; }

  // A token with our header and key but arbitrary payload text.
  std::string signed_payload(std::string_view payload) const {
    return forge(header().dump(), payload, &signer_.key());
  }

  VerifyResult check(std::string_view token, TokenType expected = TokenType::Access,
                     std::chrono::system_clock::time_point now = kNow) const {
    return verify(keys_, token, options_, expected, now);
  }

  Error error_of(std::string_view token, TokenType expected = TokenType::Access,
                 std::chrono::system_clock::time_point now = kNow) const {
    const auto result = check(token, expected, now);
    return result ? throw std::logic_error("token was accepted") : result.error();
  }

  Signer signer_;
  KeySet keys_;
  VerifyOptions options_{.issuer = std::string(kIssuer)};
};

TEST_F(VerifierTest, AcceptsItsOwnTokenAndExposesTypedClaims) {
  json payload = claims();
  payload["role"] = "admin";
  const auto result = check(signer_.sign(payload));
  ASSERT_TRUE(result) << to_string(result.error());
  EXPECT_EQ(result->user_id, 42);
  EXPECT_EQ(result->jti, "jti-1");
  EXPECT_EQ(result->token_type, TokenType::Access);
  EXPECT_EQ(result->issuer, kIssuer);
  EXPECT_EQ(result->issued_at, kNow);
  EXPECT_EQ(result->expires_at, kNow + seconds(900));
  EXPECT_EQ(result->raw, payload);
}

TEST_F(VerifierTest, AcceptsRefreshTokensWhenRefreshIsExpected) {
  const auto result = check(signer_.sign(claims("refresh")), TokenType::Refresh);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->token_type, TokenType::Refresh);
}

TEST_F(VerifierTest, SignerWritesTheExpectedHeader) {
  const std::string token = signer_.sign(claims());
  const auto header_text = base64url_decode(token.substr(0, token.find('.')));
  ASSERT_TRUE(header_text);
  EXPECT_EQ(json::parse(*header_text), header());
}

TEST_F(VerifierTest, SignerRefusesClaimsItCannotEncode) {
  EXPECT_THROW(signer_.sign(json::array()), std::invalid_argument);
  EXPECT_THROW(signer_.sign({{"name", "\xff"}}), std::invalid_argument);
  EXPECT_THROW(signer_.sign({{"padding", std::string(kMaxTokenSize, 'a')}}), std::length_error);
}

TEST_F(VerifierTest, VerifierClassUsesReplacedKeys) {
  Verifier verifier(KeySet{}, options_);
  const std::string token = signer_.sign(claims());
  EXPECT_EQ(verifier.verify(token, TokenType::Access, kNow).error(), Error::UnknownKey);

  verifier.replace_keys(KeySet::from_jwks(json::parse(keys_.to_jwks().dump())));
  EXPECT_TRUE(verifier.verify(token, TokenType::Access, kNow));
  // The default clock is the real one, long past kNow + 900 s.
  EXPECT_EQ(verifier.verify(token, TokenType::Access).error(), Error::Expired);
}

// --- UnsupportedAlgorithm ------------------------------------------------------------------

TEST_F(VerifierTest, RejectsUnsignedAlgNoneTokens) {
  for (const char* alg : {"none", "None", "NONE", "nOnE"}) {
    const json none_header = {{"alg", alg}, {"typ", "JWT"}};
    EXPECT_EQ(error_of(forge(none_header.dump(), claims().dump(), nullptr)),
              Error::UnsupportedAlgorithm)
        << alg;
  }
  // Even with our kid and a valid EdDSA signature attached.
  json none_header = header();
  none_header["alg"] = "none";
  EXPECT_EQ(error_of(forge(none_header.dump(), claims().dump(), &signer_.key())),
            Error::UnsupportedAlgorithm);
}

TEST_F(VerifierTest, RejectsHs256KeyConfusionTokens) {
  // The classic attack: HMAC keyed with the verifier's public key.
  json hs256_header = header();
  hs256_header["alg"] = "HS256";
  const std::string signing_input =
      base64url_encode(hs256_header.dump()) + "." + base64url_encode(claims().dump());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac;
  crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(signing_input.data()),
                         signing_input.size(), signer_.key().public_key().bytes().data());
  EXPECT_EQ(error_of(signing_input + "." + base64url_encode(mac)), Error::UnsupportedAlgorithm);
}

TEST_F(VerifierTest, RejectsEveryOtherAlgorithmBeforeLookingAtTheKey) {
  for (const char* alg : {"RS256", "ES256", "PS256", "HS512", "eddsa", "EDDSA", "Ed25519", ""}) {
    json other_header = {{"alg", alg}, {"kid", "not-a-known-kid"}};
    EXPECT_EQ(error_of(forge(other_header.dump(), claims().dump(), &signer_.key())),
              Error::UnsupportedAlgorithm)
        << alg;
  }
}

// --- UnknownKey and BadSignature ------------------------------------------------------------

TEST_F(VerifierTest, RejectsAnUnknownKid) {
  const Signer stranger(KeyPair::generate());
  EXPECT_EQ(error_of(stranger.sign(claims())), Error::UnknownKey);
}

TEST_F(VerifierTest, RejectsAnotherKeyClaimingOurKid) {
  const KeyPair impostor = KeyPair::generate();
  EXPECT_EQ(error_of(forge(header().dump(), claims().dump(), &impostor)), Error::BadSignature);
}

TEST_F(VerifierTest, RejectsATamperedPayload) {
  const std::string token = signer_.sign(claims());
  const auto first_dot = token.find('.');
  const auto second_dot = token.find('.', first_dot + 1);
  json escalated = claims();
  escalated["user_id"] = 1;
  const std::string tampered = token.substr(0, first_dot + 1) + base64url_encode(escalated.dump()) +
                               token.substr(second_dot);
  EXPECT_EQ(error_of(tampered), Error::BadSignature);
}

TEST_F(VerifierTest, RejectsATamperedHeaderOrSignature) {
  const std::string token = signer_.sign(claims());
  const std::string body = token.substr(token.find('.'));
  json extended_header = header();
  extended_header["extra"] = 1;
  EXPECT_EQ(error_of(base64url_encode(extended_header.dump()) + body), Error::BadSignature);

  auto signature = base64url_decode(token.substr(token.rfind('.') + 1)).value();
  signature[10] ^= 0x01;
  EXPECT_EQ(error_of(token.substr(0, token.rfind('.') + 1) + base64url_encode(signature)),
            Error::BadSignature);
}

// --- Time -----------------------------------------------------------------------------------

TEST_F(VerifierTest, RejectsExpiredTokensAfterTheLeeway) {
  const std::string token = signer_.sign(claims());
  const auto expiry = kNow + seconds(900);
  EXPECT_TRUE(check(token, TokenType::Access, expiry + seconds(29)));
  EXPECT_EQ(error_of(token, TokenType::Access, expiry + seconds(30)), Error::Expired);
  EXPECT_EQ(error_of(token, TokenType::Access, expiry + std::chrono::hours(24 * 365)),
            Error::Expired);
}

TEST_F(VerifierTest, HonoursAZeroLeeway) {
  options_.leeway = seconds(0);
  const std::string token = signer_.sign(claims());
  const auto expiry = kNow + seconds(900);
  EXPECT_TRUE(check(token, TokenType::Access, expiry - std::chrono::milliseconds(1)));
  EXPECT_EQ(error_of(token, TokenType::Access, expiry), Error::Expired);
}

TEST_F(VerifierTest, RejectsTokensIssuedInTheFutureBeyondTheLeeway) {
  json future = claims();
  future["iat"] = kNowSeconds + 31;
  EXPECT_EQ(error_of(signer_.sign(future)), Error::NotYetValid);
  future["iat"] = kNowSeconds + 30;
  EXPECT_TRUE(check(signer_.sign(future)));
}

TEST_F(VerifierTest, HonoursNotBefore) {
  json payload = claims();
  payload["nbf"] = kNowSeconds + 31;
  EXPECT_EQ(error_of(signer_.sign(payload)), Error::NotYetValid);
  payload["nbf"] = kNowSeconds + 30;
  EXPECT_TRUE(check(signer_.sign(payload)));
  payload["nbf"] = "soon";
  EXPECT_EQ(error_of(signer_.sign(payload)), Error::MissingClaim);
}

TEST_F(VerifierTest, SurvivesExtremeLeewaysAndClocks) {
  const std::string token = signer_.sign(claims());
  options_.leeway = seconds(std::numeric_limits<std::int64_t>::max());
  EXPECT_TRUE(check(token, TokenType::Access, std::chrono::system_clock::time_point::max()));
  options_.leeway = seconds(std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(error_of(token, TokenType::Access, std::chrono::system_clock::time_point::min()),
            Error::Expired);
}

// --- Claims ---------------------------------------------------------------------------------

TEST_F(VerifierTest, RequiresEveryClaim) {
  for (const char* name : {"exp", "iat", "iss", "token_type", "jti", "user_id"}) {
    json payload = claims();
    payload.erase(name);
    EXPECT_EQ(error_of(signer_.sign(payload)), Error::MissingClaim) << name;
  }
}

TEST_F(VerifierTest, RequiresTheRightClaimTypes) {
  const std::uint64_t too_big = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t just_past_int64 = std::uint64_t{1} << 63;
  const std::vector<std::pair<std::string, json>> bad_claims = {
      {"exp", std::to_string(kNowSeconds + 900)},
      {"exp", static_cast<double>(kNowSeconds + 900)},
      {"exp", true},
      {"exp", nullptr},
      {"exp", json::array({kNowSeconds + 900})},
      {"exp", -1},
      {"exp", too_big},
      {"exp", 253'402'300'800},  // beyond year 9999
      {"iat", "now"},
      {"iat", 1.5},
      {"iat", -5},
      {"user_id", "42"},
      {"user_id", 42.0},
      {"user_id", just_past_int64},
      {"user_id", json::object()},
      {"iss", 7},
      {"iss", ""},
      {"jti", 1},
      {"jti", ""},
      {"token_type", json::array({"access"})},
      {"token_type", ""},
  };
  for (const auto& [name, value] : bad_claims) {
    json payload = claims();
    payload[name] = value;
    EXPECT_EQ(error_of(signer_.sign(payload)), Error::MissingClaim) << name << "=" << value;
  }
}

TEST_F(VerifierTest, AcceptsTheWholeInt64UserIdRange) {
  for (const std::int64_t user_id :
       {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    json payload = claims();
    payload["user_id"] = user_id;
    const auto result = check(signer_.sign(payload));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->user_id, user_id);
  }
}

TEST_F(VerifierTest, RejectsAWrongIssuer) {
  for (const char* issuer : {"someone-else", "TASKFLOW-AUTH", "taskflow-auth "}) {
    json payload = claims();
    payload["iss"] = issuer;
    EXPECT_EQ(error_of(signer_.sign(payload)), Error::WrongIssuer) << issuer;
  }
}

TEST_F(VerifierTest, RejectsAWrongTokenType) {
  EXPECT_EQ(error_of(signer_.sign(claims("refresh")), TokenType::Access), Error::WrongTokenType);
  EXPECT_EQ(error_of(signer_.sign(claims("access")), TokenType::Refresh), Error::WrongTokenType);
  EXPECT_EQ(error_of(signer_.sign(claims("Access"))), Error::WrongTokenType);
  EXPECT_EQ(error_of(signer_.sign(claims("password_reset"))), Error::WrongTokenType);
}

// --- Malformed and hostile input ------------------------------------------------------------

TEST_F(VerifierTest, RejectsTheWrongNumberOfParts) {
  const std::string token = signer_.sign(claims());
  for (const std::string& bad : {std::string(), std::string("."), std::string(".."),
                                 std::string("..."), token.substr(0, token.rfind('.')), token + ".",
                                 token + "." + token, "." + token, token.substr(token.find('.'))}) {
    EXPECT_EQ(error_of(bad), Error::Malformed) << bad;
  }
}

TEST_F(VerifierTest, RejectsOversizedTokensBeforeParsing) {
  json payload = claims();
  payload["padding"] = std::string(kMaxTokenSize, 'a');
  const std::string huge =
      forge(header().dump(), payload.dump(), &signer_.key());  // validly signed
  EXPECT_EQ(error_of(huge), Error::Malformed);
  EXPECT_EQ(error_of(std::string(10 * 1024 * 1024, '.')), Error::Malformed);
}

TEST_F(VerifierTest, RejectsInvalidBase64Url) {
  const std::string token = signer_.sign(claims());
  const auto first_dot = token.find('.');
  const auto second_dot = token.find('.', first_dot + 1);
  const std::string header_part = token.substr(0, first_dot);
  const std::string payload_part = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string signature_part = token.substr(second_dot + 1);
  auto join = [](const std::string& a, const std::string& b, const std::string& c) {
    return a + "." + b + "." + c;
  };
  const std::string standard_alphabet_signature = [&] {
    std::string replaced = signature_part;
    for (char& c : replaced) {
      c = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    return replaced + "/";
  }();
  for (const std::string& bad : {
           join(header_part + "=", payload_part, signature_part),
           join(header_part + "A", payload_part, signature_part),
           join("e30=", payload_part, signature_part),
           join(header_part, payload_part + "==", signature_part),
           join(header_part, payload_part + "!", signature_part),
           join(header_part, payload_part, signature_part + "=="),
           join(header_part, payload_part, standard_alphabet_signature),
           join(header_part, payload_part, ""),
           join(header_part, payload_part, signature_part.substr(4)),
           join(header_part, payload_part, signature_part + "AAAA"),
       }) {
    EXPECT_EQ(error_of(bad), Error::Malformed) << bad;
  }
}

TEST_F(VerifierTest, RejectsHeadersThatAreNotUsableJsonObjects) {
  const std::string kid = signer_.key().kid();
  for (const std::string& bad_header : {
           std::string("[]"),
           std::string("\"JWT\""),
           std::string("123"),
           std::string("null"),
           std::string("{"),
           std::string("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"} trailing"),
           std::string("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"x\":\"\xff\xfe\"}"),
           std::string("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"x\":\"\xc0\xaf\"}"),
           std::string("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}") + std::string(1, '\0') + "x",
           std::string("{\"alg\":\"EdDSA\",/*comment*/\"kid\":\"" + kid + "\"}"),
           std::string("{\"kid\":\"" + kid + "\"}"),
           std::string("{\"alg\":null,\"kid\":\"" + kid + "\"}"),
           std::string("{\"alg\":[\"EdDSA\"],\"kid\":\"" + kid + "\"}"),
           std::string("{\"alg\":\"EdDSA\"}"),
           std::string("{\"alg\":\"EdDSA\",\"kid\":\"\"}"),
           std::string("{\"alg\":\"EdDSA\",\"kid\":42}"),
           std::string("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"typ\":\"JWS\"}"),
           std::string("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"typ\":1}"),
           std::string("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"crit\":[\"exp\"]}"),
           // Duplicates: a lenient parser would let the last "alg" or "kid" win.
           std::string("{\"alg\":\"none\",\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}"),
           std::string("{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}"),
           std::string("{\"alg\":\"EdDSA\",\"kid\":\"x\",\"kid\":\"" + kid + "\"}"),
       }) {
    EXPECT_EQ(error_of(forge(bad_header, claims().dump(), &signer_.key())), Error::Malformed)
        << bad_header;
  }
}

TEST_F(VerifierTest, AcceptsAHeaderWithoutTyp) {
  json minimal_header = header();
  minimal_header.erase("typ");
  EXPECT_TRUE(check(forge(minimal_header.dump(), claims().dump(), &signer_.key())));
}

TEST_F(VerifierTest, RejectsSignedPayloadsThatAreNotUsableJsonObjects) {
  const std::string valid = claims().dump();
  const std::string inner = valid.substr(1, valid.size() - 2);  // members without braces
  for (const std::string& bad_payload : {
           std::string("[]"),
           std::string("Example of Ed25519 signing"),
           std::string("\"string\""),
           std::string("{") + inner,
           std::string("{") + inner + ",}",
           std::string("{") + inner + ",\"user_id\":1}",
           std::string("{") + inner + ",\"nested\":{\"a\":1,\"a\":2}}",
           std::string("{") + inner + ",\"name\":\"\xff\"}",
           std::string("{") + inner + ",\"name\":\"\xed\xa0\x80\"}",  // UTF-16 surrogate
           std::string("{") + inner + ",\"name\":\"\\ud800\"}",       // lone escaped surrogate
           // nlohmann alone would stop reading at the NUL and accept these.
           std::string("{") + inner + "}" + std::string(1, '\0'),
           std::string("{") + inner + "}" + std::string(1, '\0') + "{}",
           valid + valid,
       }) {
    EXPECT_EQ(error_of(signed_payload(bad_payload)), Error::Malformed) << bad_payload;
  }
}

TEST_F(VerifierTest, SurvivesDeeplyNestedJson) {
  const std::string nesting(3000, '[');
  const std::string deep_header =
      R"({"alg":"EdDSA","kid":")" + signer_.key().kid() + R"(","x":)" + nesting + "]}";
  EXPECT_EQ(error_of(forge(deep_header, claims().dump(), &signer_.key())), Error::Malformed);
  const std::string balanced = nesting + std::string(3000, ']');
  const std::string deep_header_balanced =
      R"({"alg":"EdDSA","kid":"unknown","x":)" + balanced + "}";
  EXPECT_EQ(error_of(forge(deep_header_balanced, claims().dump(), nullptr)), Error::UnknownKey);
}

TEST_F(VerifierTest, NoSingleCharacterChangeOrTruncationIsAccepted) {
  const std::string token = signer_.sign(claims());
  for (std::size_t length = 0; length < token.size(); ++length) {
    EXPECT_FALSE(check(token.substr(0, length))) << length;
  }
  for (std::size_t position = 0; position < token.size(); ++position) {
    for (const char replacement : {'A', 'B', 'g', '-', '_', '.', '=', '+', '\0', '\xff'}) {
      std::string mutated = token;
      mutated[position] = replacement;
      if (mutated != token) {
        EXPECT_FALSE(check(mutated)) << position << " -> " << int{replacement};
      }
    }
  }
}

TEST(ErrorNames, AreDistinct) {
  std::set<std::string_view> names;
  for (const Error error : {Error::Malformed, Error::UnsupportedAlgorithm, Error::UnknownKey,
                            Error::BadSignature, Error::Expired, Error::NotYetValid,
                            Error::MissingClaim, Error::WrongIssuer, Error::WrongTokenType}) {
    names.insert(to_string(error));
  }
  EXPECT_EQ(names.size(), 9u);
  EXPECT_EQ(to_string(TokenType::Access), "access");
  EXPECT_EQ(to_string(TokenType::Refresh), "refresh");
}

}  // namespace
}  // namespace taskflow::jwt
