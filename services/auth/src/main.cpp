// The auth service: wires configuration, storage, the HTTP server and the routes.
#include <csignal>
#include <cstdio>
#include <thread>

#include "app/api.hpp"
#include "app/config.hpp"
#include "taskflow/authn/authenticator.hpp"
#include "taskflow/core/config.hpp"
#include "taskflow/core/errors.hpp"
#include "taskflow/core/log.hpp"
#include "taskflow/http/server.hpp"
#include "taskflow/jwt/keys.hpp"
#include "taskflow/pg/migrate.hpp"

using namespace taskflow;

namespace {

jwt::KeyPair load_signing_key(const auth::AuthConfig& config) {
  if (!config.private_key.empty()) {
    auto key = jwt::KeyPair::from_seed_base64url(config.private_key);
    if (!key) throw ConfigError("config: JWT_PRIVATE_KEY is not a base64url Ed25519 seed");
    return std::move(*key);
  }
  return jwt::load_or_create_key_file(config.private_key_file);
}

// PostgreSQL may still be starting when the service does; wait for it a little.
void migrate_when_reachable(const auth::AuthConfig& config) {
  for (int attempt = 1;; ++attempt) {
    try {
      auto applied = pg::migrate(config.database_url, config.migrations_dir);
      log::info("migrations done", {{"applied", applied}});
      return;
    } catch (const DependencyUnavailable& e) {
      if (attempt >= 30) throw;
      log::warn("waiting for postgres", {{"error", e.what()}});
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
}

int run() {
  auto config = auth::AuthConfig::from_env();
  auto server_options = http::ServerOptions::from_env("auth", 8001);
  auto key = load_signing_key(config);
  auto common_passwords = auth::CommonPasswords::load(config.common_passwords_file);
  auth::PasswordHasher hasher(config.argon2);
  migrate_when_reachable(config);

  BlockingPool io_calls(config.db_pool_size + config.redis_pool_size);
  BlockingPool hashing(config.hash_threads);
  pg::Database db(io_calls, config.database_url, pg::PoolOptions{.size = config.db_pool_size});
  redis::Pool redis(config.redis_url, redis::PoolOptions{.size = config.redis_pool_size});

  auto revoked = std::make_shared<authn::RevocationList>();
  authn::RevocationFeed revocation_feed(config.redis_url, revoked);
  jwt::KeySet own_keys;
  own_keys.add(key.kid(), key.public_key());
  auto authenticator = std::make_shared<authn::Authenticator>(
      std::move(own_keys), jwt::VerifyOptions{.issuer = config.issuer}, revoked);
  auth::TokenIssuer tokens(std::move(key), config.issuer, config.access_ttl, config.refresh_ttl);

  http::Router router;
  http::Metrics metrics;
  auth::add_auth_routes(router, auth::AuthDeps{config, db, redis, io_calls, hashing, hasher,
                                               common_passwords, tokens, *revoked});
  http::Server server(server_options, router, metrics);
  server.set_authenticator([authenticator](http::Context& ctx) { return (*authenticator)(ctx); });
  server.add_readiness_check("postgres", [&db] { return db.ping(); });
  server.add_readiness_check("redis", [&]() -> Awaitable<bool> {
    co_return co_await io_calls.run([&] { return !redis.command({"PING"}).is_error(); });
  });
  server.add_readiness_check("revocations",
                             [&]() -> Awaitable<bool> { co_return revocation_feed.connected(); });
  metrics.gauge("auth_revocations_cached", "Revoked tokens and sessions held in memory.",
                [revoked] { return static_cast<double>(revoked->size()); });

  server.run();
  io_calls.stop();
  hashing.stop();
  return 0;
}

}  // namespace

int main() {
  // hiredis writes with write(): a vanished Redis must not kill the process with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  log::init("auth", Env::string("SERVICE_INSTANCE", ""), Env::string("LOG_LEVEL", "info"));
  try {
    return run();
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    log::error("fatal", {{"error", e.what()}});
    std::fprintf(stderr, "auth: %s\n", e.what());
    return 1;
  }
}
