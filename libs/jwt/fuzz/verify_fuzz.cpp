// JWT verification (jwt::verify: token splitting, base64url, strict JSON header and payload,
// the claims). The first byte picks what the rest is:
//   '0' a whole token, verified as it is;
//   '1' a header and a payload (JSON text, separated by a newline), signed with the trusted
//       key, so the fuzzer reaches the payload parser and the claim checks behind the signature;
//   '2' a payload alone, under the header auth writes.
// verify must never throw (it is noexcept); a token it accepts carries claims that agree with
// its payload, and verifying it again gives the same answer.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "taskflow/jwt/base64url.hpp"
#include "taskflow/jwt/keys.hpp"
#include "taskflow/jwt/verifier.hpp"
#include "taskflow/testing/fuzz.hpp"

namespace jwt = taskflow::jwt;
using taskflow::testing::fuzz_text;
using taskflow::testing::split_mode;

namespace {

const std::chrono::sys_seconds kNow{std::chrono::seconds(1'700'000'000)};

// A fixed key, so the seed corpus can hold tokens it signed: the seed is bytes 1 to 32.
const jwt::KeyPair& signing_key() {
  static const jwt::KeyPair key = [] {
    std::string seed;
    for (char byte = 1; byte <= 32; ++byte) seed += byte;
    return std::move(*jwt::KeyPair::from_seed_base64url(jwt::base64url_encode(seed)));
  }();
  return key;
}

std::string signed_token(std::string_view header, std::string_view payload) {
  const std::string signing_input =
      jwt::base64url_encode(header) + "." + jwt::base64url_encode(payload);
  const auto signature = signing_key().sign(signing_input);
  return signing_input + "." + jwt::base64url_encode(signature);
}

void check_token(const jwt::KeySet& keys, std::string_view token) {
  const jwt::VerifyOptions options{.issuer = "taskflow-auth"};
  for (const auto type : {jwt::TokenType::Access, jwt::TokenType::Refresh}) {
    const auto result = jwt::verify(keys, token, options, type, kNow);
    const auto again = jwt::verify(keys, token, options, type, kNow);
    TASKFLOW_FUZZ_CHECK(result.has_value() == again.has_value());
    if (!result) {
      TASKFLOW_FUZZ_CHECK(result.error() == again.error());
      TASKFLOW_FUZZ_CHECK(jwt::to_string(result.error()) != "InvalidError");
      continue;
    }
    const auto& claims = *result;
    TASKFLOW_FUZZ_CHECK(token.size() <= jwt::kMaxTokenSize);
    TASKFLOW_FUZZ_CHECK(claims.raw.is_object());
    TASKFLOW_FUZZ_CHECK(claims.token_type == type);
    TASKFLOW_FUZZ_CHECK(claims.raw.at("token_type") == jwt::to_string(type));
    TASKFLOW_FUZZ_CHECK(claims.issuer == options.issuer && claims.raw.at("iss") == claims.issuer);
    TASKFLOW_FUZZ_CHECK(claims.raw.at("user_id") == claims.user_id);
    TASKFLOW_FUZZ_CHECK(claims.raw.at("jti") == claims.jti && !claims.jti.empty());
    TASKFLOW_FUZZ_CHECK(claims.expires_at + options.leeway > kNow);
    TASKFLOW_FUZZ_CHECK(claims.issued_at - options.leeway <= kNow);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const jwt::KeySet keys = [] {
    jwt::KeySet set;
    set.add(signing_key().kid(), signing_key().public_key());
    return set;
  }();
  const auto [mode, input] = split_mode(fuzz_text(data, size), 3);
  switch (mode) {
    case 0:
      check_token(keys, input);
      break;
    case 1: {
      const std::size_t newline = input.find('\n');
      if (newline == std::string_view::npos) return 0;
      check_token(keys, signed_token(input.substr(0, newline), input.substr(newline + 1)));
      break;
    }
    default: {
      const std::string header =
          R"({"alg":"EdDSA","kid":")" + signing_key().kid() + R"(","typ":"JWT"})";
      check_token(keys, signed_token(header, input));
      break;
    }
  }
  return 0;
}
