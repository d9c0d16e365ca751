// The auth service: wires configuration, storage, the HTTP server and the routes.

#include "app/api.hpp"
#include "app/config.hpp"
#include "taskflow/amqp/topology.hpp"
#include "taskflow/authn/token_verification.hpp"
#include "taskflow/core/config.hpp"
#include "taskflow/core/errors.hpp"
#include "taskflow/core/log.hpp"
#include "taskflow/core/service_main.hpp"
#include "taskflow/http/server.hpp"
#include "taskflow/jwt/keys.hpp"
#include "taskflow/outbox/relay.hpp"
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

int run() {
  auto config = auth::AuthConfig::from_env();
  auto server_options = http::ServerOptions::from_env("auth", 8001);
  auto key = load_signing_key(config);
  auto common_passwords = auth::CommonPasswords::load(config.common_passwords_file);
  auth::PasswordHasher hasher(config.argon2);
  auto applied = pg::migrate_when_reachable(config.database_url, config.migrations_dir);
  log::info("migrations done", {{"applied", applied}});

  BlockingPool io_calls(config.db_pool_size + config.redis_pool_size);
  BlockingPool hashing(config.hash_threads);
  pg::Database db(io_calls, config.database_url, pg::PoolOptions{.size = config.db_pool_size});
  redis::Pool redis(config.redis_url, redis::PoolOptions{.size = config.redis_pool_size});
  // The user directory's queue too: the tasks service may not have run yet (the backfill of
  // existing users is relayed at the first start), and the exchange drops what no queue takes.
  outbox::Relay relay(
      outbox::RelayOptions{.database_url = config.database_url,
                           .amqp_url = config.amqp_url,
                           .declare_queues = amqp::topology::declare_user_directory_queue});
  relay.start();

  jwt::KeySet own_keys;
  own_keys.add(key.kid(), key.public_key());
  authn::TokenVerification verification(
      {.redis_url = config.redis_url, .verify = {.issuer = config.issuer}}, std::move(own_keys));
  auto revoked = verification.revoked();
  auth::TokenIssuer tokens(std::move(key), config.issuer, config.access_ttl, config.refresh_ttl);

  http::Router router;
  http::Metrics metrics;
  auth::add_auth_routes(router, auth::AuthDeps{config, db, redis, io_calls, hashing, hasher,
                                               common_passwords, tokens, *revoked});
  http::Server server(server_options, router, metrics);
  server.add_readiness_check("postgres", [&db] { return db.ping(); });
  server.add_readiness_check("redis", [&]() -> Awaitable<bool> {
    co_return co_await io_calls.run([&] { return !redis.command({"PING"}).is_error(); });
  });
  verification.install(server);
  metrics.gauge("auth_revocations_cached", "Revoked tokens and sessions held in memory.",
                [revoked] { return static_cast<double>(revoked->size()); });
  relay.add_metrics(metrics);

  server.run();
  relay.stop();
  io_calls.stop();
  hashing.stop();
  return 0;
}

}  // namespace

int main() {
  return service_main("auth", run);
}
