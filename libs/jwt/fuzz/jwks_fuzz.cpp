// JWKS documents as authn reads them from auth's /api/auth/jwks/ (json::parse without
// exceptions, then KeySet::from_jwks, which promises never to throw): the set it keeps survives
// a round trip through to_jwks and JSON text, and every kid in it finds its key.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "taskflow/jwt/key_set.hpp"
#include "taskflow/testing/fuzz.hpp"

namespace jwt = taskflow::jwt;
using taskflow::testing::fuzz_text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto document = nlohmann::json::parse(fuzz_text(data, size), nullptr, false);
  const jwt::KeySet keys = jwt::KeySet::from_jwks(document);

  const nlohmann::json published = keys.to_jwks();
  TASKFLOW_FUZZ_CHECK(published.at("keys").size() == keys.size());
  for (const auto& jwk : published.at("keys")) {
    const auto* key = keys.find(jwk.at("kid").get<std::string>());
    TASKFLOW_FUZZ_CHECK(key != nullptr && key->to_base64url() == jwk.at("x"));
  }
  TASKFLOW_FUZZ_CHECK(jwt::KeySet::from_jwks(published) == keys);
  TASKFLOW_FUZZ_CHECK(jwt::KeySet::from_jwks(nlohmann::json::parse(published.dump())) == keys);
  // Each key the document had is also kept from a document with that entry alone.
  if (document.is_object() && document.contains("keys") && document["keys"].is_array()) {
    for (const auto& entry : document["keys"]) {
      const jwt::KeySet alone = jwt::KeySet::from_jwks({{"keys", nlohmann::json::array({entry})}});
      TASKFLOW_FUZZ_CHECK(alone.size() <= 1);
    }
  }
  return 0;
}
