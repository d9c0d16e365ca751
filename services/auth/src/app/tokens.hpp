#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "taskflow/jwt/signer.hpp"

namespace taskflow::auth {

struct IssuedTokens {
  std::string access;
  std::string refresh;
  std::string refresh_id;  // jti of the refresh token: the session's current one
  std::chrono::system_clock::time_point access_expires_at;
};

// Mints the access/refresh pair of one session (refresh-token family).
class TokenIssuer {
 public:
  TokenIssuer(jwt::KeyPair key, std::string issuer, std::chrono::seconds access_ttl,
              std::chrono::seconds refresh_ttl);

  IssuedTokens issue(std::int64_t user_id, const std::string& session_id,
                     std::chrono::system_clock::time_point now) const;
  std::chrono::seconds access_ttl() const { return access_ttl_; }
  std::chrono::seconds refresh_ttl() const { return refresh_ttl_; }
  const jwt::KeyPair& key() const { return signer_.key(); }

 private:
  jwt::Signer signer_;
  std::string issuer_;
  std::chrono::seconds access_ttl_;
  std::chrono::seconds refresh_ttl_;
};

// A random identifier for tokens and sessions (128 bits, hex).
std::string random_id();

}  // namespace taskflow::auth
