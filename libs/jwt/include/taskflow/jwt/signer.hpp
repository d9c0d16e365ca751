#pragma once

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "taskflow/jwt/keys.hpp"

namespace taskflow::jwt {

// Mints JWS compact tokens with header {"alg":"EdDSA","kid":<key thumbprint>,"typ":"JWT"}.
class Signer {
 public:
  explicit Signer(KeyPair key) : key_(std::move(key)) {}

  const KeyPair& key() const { return key_; }

  // Signs `claims` as given; choosing them is the caller's job. Throws std::invalid_argument if
  // claims is not an object or holds invalid UTF-8, and std::length_error if the token would
  // exceed kMaxTokenSize (verifier.hpp; verifiers would reject it).
  std::string sign(const nlohmann::json& claims) const;

 private:
  KeyPair key_;
};

}  // namespace taskflow::jwt
