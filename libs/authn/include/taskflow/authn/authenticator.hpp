#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

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
  // With keys fetched from `jwks_url` (call keep_keys_fresh once the io_context runs).
  Authenticator(std::string jwks_url, jwt::VerifyOptions options,
                std::shared_ptr<RevocationList> revoked);

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

  std::string jwks_url_;
  jwt::VerifyOptions options_;
  std::shared_ptr<RevocationList> revoked_;
  mutable std::mutex mutex_;
  std::shared_ptr<const jwt::KeySet> keys_;
  std::chrono::steady_clock::time_point last_fetch_{};
};

// The token of an "Authorization: Bearer <token>" header value; empty if it is not one.
std::string_view bearer_token(std::string_view authorization);

}  // namespace taskflow::authn
