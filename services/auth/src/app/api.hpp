#pragma once
#include <functional>
#include <memory>

#include "app/config.hpp"
#include "app/session_store.hpp"
#include "app/tokens.hpp"
#include "domain/common_passwords.hpp"
#include "domain/password_hasher.hpp"
#include "taskflow/authn/revocation.hpp"
#include "taskflow/core/blocking_pool.hpp"
#include "taskflow/http/router.hpp"
#include "taskflow/pg/database.hpp"

namespace taskflow::auth {

// What the handlers work with, wired in main().
struct AuthDeps {
  const AuthConfig& config;
  pg::Database& db;
  redis::Pool& redis;
  BlockingPool& redis_calls;  // Redis commands, off the I/O threads
  BlockingPool& hashing;      // Argon2id, sized to the cores so it cannot starve the rest
  const PasswordHasher& hasher;
  const CommonPasswords& common_passwords;
  const TokenIssuer& tokens;
  authn::RevocationList& revoked;
};

// Registers the auth routes of docs/openapi.yaml.
void add_auth_routes(http::Router& router, AuthDeps deps);

}  // namespace taskflow::auth
