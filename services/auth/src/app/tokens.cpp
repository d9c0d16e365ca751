#include "app/tokens.hpp"

#include <array>

#include <fmt/format.h>
#include <sodium.h>

namespace taskflow::auth {

std::string random_id() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string hex(bytes.size() * 2, '0');
  sodium_bin2hex(hex.data(), hex.size() + 1, bytes.data(), bytes.size());
  return hex;
}

TokenIssuer::TokenIssuer(jwt::KeyPair key, std::string issuer, std::chrono::seconds access_ttl,
                         std::chrono::seconds refresh_ttl)
    : signer_(std::move(key)),
      issuer_(std::move(issuer)),
      access_ttl_(access_ttl),
      refresh_ttl_(refresh_ttl) {}

IssuedTokens TokenIssuer::issue(std::int64_t user_id, const std::string& session_id,
                                std::chrono::system_clock::time_point now) const {
  auto issued_at = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  auto claims = [&](std::string_view type, const std::string& token_id, std::chrono::seconds ttl) {
    return nlohmann::json{{"user_id", user_id},
                          {"jti", token_id},
                          {"sid", session_id},
                          {"token_type", type},
                          {"iss", issuer_},
                          {"iat", issued_at.count()},
                          {"exp", (issued_at + ttl).count()}};
  };
  IssuedTokens tokens;
  tokens.refresh_id = random_id();
  tokens.access = signer_.sign(claims("access", random_id(), access_ttl_));
  tokens.refresh = signer_.sign(claims("refresh", tokens.refresh_id, refresh_ttl_));
  tokens.access_expires_at = std::chrono::system_clock::time_point(issued_at + access_ttl_);
  return tokens;
}

}  // namespace taskflow::auth
