#pragma once
#include <functional>
#include <memory>
#include <string>

#include "taskflow/authn/authenticator.hpp"
#include "taskflow/authn/revocation.hpp"
#include "taskflow/http/server.hpp"
#include "taskflow/jwt/key_set.hpp"
#include "taskflow/jwt/verifier.hpp"

namespace taskflow::authn {

// What every service wires to verify access tokens: the revocation list kept in step with Redis,
// the authenticator, and the server hooks (the authentication hook, the readiness checks, the
// first key fetch). One place, so all services check tokens and report readiness alike.
class TokenVerification {
 public:
  struct Options {
    std::string redis_url;
    jwt::VerifyOptions verify;
    // Runs after every change to the revocation list (holders of WebSockets close revoked
    // ones). Registered before the feed starts, so no change is missed.
    std::function<void(const RevocationList&)> on_revocation;
  };

  // Keys fetched from the auth service's JWKS (`jwks_url`); readiness waits for them.
  TokenVerification(Options options, std::string jwks_url);
  // Keys held locally: the auth service, which signs the tokens.
  TokenVerification(Options options, jwt::KeySet keys);

  // Makes the server authenticate its protected routes, adds the readiness checks
  // ("revocations", and "auth keys" when the keys are fetched) and starts the key fetch.
  void install(http::Server& server);

  const std::shared_ptr<RevocationList>& revoked() const { return revoked_; }
  const std::shared_ptr<Authenticator>& authenticator() const { return authenticator_; }

 private:
  std::shared_ptr<RevocationList> revoked_;
  std::shared_ptr<Authenticator> authenticator_;
  bool fetches_keys_;
  RevocationFeed feed_;
};

}  // namespace taskflow::authn
