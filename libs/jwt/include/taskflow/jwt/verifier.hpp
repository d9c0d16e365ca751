#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "taskflow/jwt/key_set.hpp"
#include "taskflow/jwt/result.hpp"

namespace taskflow::jwt {

// Longer tokens are rejected as Malformed before any decoding.
inline constexpr std::size_t kMaxTokenSize = 8 * 1024;

enum class Error {
  // Not a well-formed JWS compact token with a JSON-object header and payload.
  Malformed,
  // The header alg is anything but "EdDSA". Checked before any key lookup or crypto.
  UnsupportedAlgorithm,
  // The header kid is not in the key set: refresh the JWKS and retry once.
  UnknownKey,
  BadSignature,
  // now >= exp + leeway.
  Expired,
  // iat or nbf is later than now + leeway.
  NotYetValid,
  // A required claim is absent, has the wrong JSON type, or is out of range.
  MissingClaim,
  // iss differs from VerifyOptions::issuer.
  WrongIssuer,
  // token_type differs from the expected one.
  WrongTokenType,
};
std::string_view to_string(Error error);

enum class TokenType { Access, Refresh };
// The token_type claim values: "access" and "refresh".
std::string_view to_string(TokenType type);

// The verified claims. Every token carries these; `raw` has the full payload for anything else.
struct Claims {
  std::int64_t user_id;
  std::string jti;
  TokenType token_type;
  std::string issuer;
  std::chrono::sys_seconds issued_at;
  std::chrono::sys_seconds expires_at;
  nlohmann::json raw;
};

struct VerifyOptions {
  std::string issuer;
  // Tolerated clock skew between the minting and the verifying host, for exp, iat and nbf.
  std::chrono::seconds leeway{30};
};

using VerifyResult = Result<Claims, Error>;

// Verifies an EdDSA JWS compact token and its claims. Only "EdDSA" is ever accepted, so the
// algorithm is not configurable. Claims required: exp, iat, user_id (integers), iss, jti,
// token_type (non-empty strings); nbf is checked when present. Duplicate JSON member names are
// Malformed anywhere in header or payload. The payload is parsed only after the signature is
// verified. Returns an Error for every bad input; never throws (std::bad_alloc terminates).
VerifyResult verify(const KeySet& keys, std::string_view token, const VerifyOptions& options,
                    TokenType expected_type, std::chrono::system_clock::time_point now) noexcept;

// Binds keys and options for repeated verification. Const methods only read, so one instance
// can be shared across threads; to rotate keys either guard replace_keys() with a mutex or
// publish a new Verifier through a std::shared_ptr<const Verifier>.
class Verifier {
 public:
  Verifier(KeySet keys, VerifyOptions options)
      : keys_(std::move(keys)), options_(std::move(options)) {}

  VerifyResult verify(
      std::string_view token, TokenType expected_type,
      std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const noexcept {
    return jwt::verify(keys_, token, options_, expected_type, now);
  }

  // Install e.g. KeySet::from_jwks(fetched_document).
  void replace_keys(KeySet keys) { keys_ = std::move(keys); }

 private:
  KeySet keys_;
  VerifyOptions options_;
};

}  // namespace taskflow::jwt
