#include "taskflow/jwt/signer.hpp"

#include <stdexcept>

#include "taskflow/jwt/base64url.hpp"
#include "taskflow/jwt/verifier.hpp"

namespace taskflow::jwt {

std::string Signer::sign(const nlohmann::json& claims) const {
  if (!claims.is_object()) {
    throw std::invalid_argument("JWT claims must be a JSON object");
  }
  const nlohmann::json header = {{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", key_.kid()}};
  std::string payload;
  try {
    payload = claims.dump();
  } catch (const nlohmann::json::type_error&) {
    throw std::invalid_argument("JWT claims contain invalid UTF-8");
  }
  std::string token = base64url_encode(header.dump()) + '.' + base64url_encode(payload);
  token += '.' + base64url_encode(key_.sign(token));
  if (token.size() > kMaxTokenSize) {
    throw std::length_error("JWT exceeds kMaxTokenSize");
  }
  return token;
}

}  // namespace taskflow::jwt
