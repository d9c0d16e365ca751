#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "taskflow/authn/revocation.hpp"
#include "taskflow/core/asio.hpp"
#include "taskflow/http/context.hpp"
#include "taskflow/jwt/verifier.hpp"

namespace taskflow::authn {

// Verifies access tokens locally: signature against the auth service's public keys, the
// required claims, and the revocation list. No network call per request; the JWKS is fetched
// at start and again only when a token names a key id we do not know.
class Authenticator {
 public:
  // With a fixed key set: the auth service itself, which holds the key.
  Authenticator(jwt::KeySet keys, jwt::VerifyOptions options,
                std::shared_ptr<RevocationList> revoked);
  // With keys fetched from `jwks_url` (load_keys once the io_context runs). An unknown key id
  // triggers a refetch at most once per `min_refresh_interval`, so forged key ids cannot turn
  // every request into a call to the auth service.
  Authenticator(std::string jwks_url, jwt::VerifyOptions options,
                std::shared_ptr<RevocationList> revoked,
                std::chrono::milliseconds min_refresh_interval = std::chrono::seconds(5));

  // Fetches the JWKS until it succeeds (retrying every second), then returns.
  Awaitable<void> load_keys();
  bool has_keys() const;

  // The route hook: reads "Authorization: Bearer <token>" and sets ctx.principal, or throws
  // HttpError 401.
  Awaitable<void> operator()(http::Context& ctx);
  Awaitable<http::Principal> authenticate(std::string_view token);

 private:
  std::shared_ptr<const jwt::KeySet> keys() const;
  // Refetches the JWKS unless that was tried within the last few seconds.
  Awaitable<bool> refresh_keys();

  // Tokens whose signature and claims were already checked, so a client that sends the same
  // token again costs a hash lookup instead of an Ed25519 verification. Expiry and revocation
  // are still checked on every request; the cache is emptied when the keys change.
  std::optional<http::Principal> cached(const std::string& token) const;
  void remember(std::string token, const http::Principal& principal);

  std::string jwks_url_;
  std::chrono::milliseconds min_refresh_interval_{0};
  jwt::VerifyOptions options_;
  std::shared_ptr<RevocationList> revoked_;
  mutable std::mutex mutex_;
  std::shared_ptr<const jwt::KeySet> keys_;
  std::chrono::steady_clock::time_point last_fetch_{};
  std::unordered_map<std::string, http::Principal> verified_;
};

// The token of an "Authorization: Bearer <token>" header value; empty if it is not one.
std::string_view bearer_token(std::string_view authorization);

}  // namespace taskflow::authn
