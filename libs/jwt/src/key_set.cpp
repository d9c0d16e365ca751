#include "taskflow/jwt/key_set.hpp"

#include <optional>
#include <set>
#include <utility>

#include "json_members.hpp"

namespace taskflow::jwt {

namespace {

using detail::absent_or_equals;
using detail::non_empty_string_member;
using detail::string_member_equals;
using nlohmann::json;

struct Jwk {
  std::string kid;
  PublicKey key;
};

std::optional<Jwk> parse_ed25519_signing_jwk(const json& jwk) {
  if (!jwk.is_object() || !string_member_equals(jwk, "kty", "OKP") ||
      !string_member_equals(jwk, "crv", "Ed25519") || !absent_or_equals(jwk, "alg", "EdDSA") ||
      !absent_or_equals(jwk, "use", "sig")) {
    return std::nullopt;
  }
  const std::string* kid = non_empty_string_member(jwk, "kid");
  const std::string* x = non_empty_string_member(jwk, "x");
  if (kid == nullptr || x == nullptr) {
    return std::nullopt;
  }
  auto key = PublicKey::from_base64url(*x);
  if (!key) {
    return std::nullopt;
  }
  return Jwk{*kid, *key};
}

}  // namespace

void KeySet::add(std::string kid, const PublicKey& key) {
  keys_.insert_or_assign(std::move(kid), key);
}

const PublicKey* KeySet::find(std::string_view kid) const {
  const auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : &it->second;
}

json KeySet::to_jwks() const {
  json keys = json::array();
  for (const auto& [kid, key] : keys_) {
    keys.push_back({{"kty", "OKP"},
                    {"crv", "Ed25519"},
                    {"x", key.to_base64url()},
                    {"kid", kid},
                    {"alg", "EdDSA"},
                    {"use", "sig"}});
  }
  return {{"keys", std::move(keys)}};
}

KeySet KeySet::from_jwks(const json& jwks) {
  KeySet set;
  if (!jwks.is_object()) {
    return set;
  }
  const auto keys = jwks.find("keys");
  if (keys == jwks.end() || !keys->is_array()) {
    return set;
  }
  // A kid naming two different keys cannot be resolved safely, so it is dropped entirely.
  std::set<std::string, std::less<>> ambiguous_kids;
  for (const json& entry : *keys) {
    auto jwk = parse_ed25519_signing_jwk(entry);
    if (!jwk || ambiguous_kids.contains(jwk->kid)) {
      continue;
    }
    const auto [existing, inserted] = set.keys_.try_emplace(jwk->kid, jwk->key);
    if (!inserted && existing->second != jwk->key) {
      ambiguous_kids.insert(jwk->kid);
      set.keys_.erase(existing);
    }
  }
  return set;
}

}  // namespace taskflow::jwt
