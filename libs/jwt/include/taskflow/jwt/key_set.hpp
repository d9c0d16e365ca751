#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "taskflow/jwt/keys.hpp"

namespace taskflow::jwt {

// The public keys a verifier trusts, by kid. A plain value: copy it, swap it, share it.
class KeySet {
 public:
  // Adds or replaces the key for `kid`.
  void add(std::string kid, const PublicKey& key);
  const PublicKey* find(std::string_view kid) const;
  std::size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }

  // {"keys":[{"kty":"OKP","crv":"Ed25519","x":...,"kid":...,"alg":"EdDSA","use":"sig"}, ...]}
  nlohmann::json to_jwks() const;

  // Keeps every well-formed Ed25519 signing key and skips the rest: other kty/crv/alg/use,
  // entries without a non-empty string kid, bad "x" values (wrong size, weak or invalid points),
  // and kids that name two different keys. A document that is not a JWKS yields an empty set. Never
  // throws on any input.
  static KeySet from_jwks(const nlohmann::json& jwks);

  friend bool operator==(const KeySet&, const KeySet&) = default;

 private:
  std::map<std::string, PublicKey, std::less<>> keys_;
};

}  // namespace taskflow::jwt
