#include "app/config.hpp"

#include <thread>

#include "taskflow/core/config.hpp"

#ifndef TASKFLOW_AUTH_SOURCE_DIR
#error "TASKFLOW_AUTH_SOURCE_DIR must name services/auth"
#endif

namespace taskflow::auth {

AuthConfig AuthConfig::from_env() {
  using std::chrono::seconds;
  AuthConfig config;
  config.database_url = Env::required("DATABASE_URL");
  config.redis_url = Env::required("REDIS_URL");
  config.amqp_url = Env::required("AMQP_URL");
  config.data_dir = Env::string("DATA_DIR", "./data");
  config.migrations_dir = Env::string("MIGRATIONS_DIR", TASKFLOW_AUTH_SOURCE_DIR "/migrations");
  config.common_passwords_file =
      Env::string("COMMON_PASSWORDS_FILE", TASKFLOW_AUTH_SOURCE_DIR "/data/common-passwords.txt");
  config.private_key_file =
      Env::string("JWT_PRIVATE_KEY_FILE", (config.data_dir / "jwt-ed25519.key").string());
  config.private_key = Env::string("JWT_PRIVATE_KEY", "");
  config.issuer = Env::string("JWT_ISSUER", "taskflow-auth");
  config.access_ttl = Env::seconds("ACCESS_TOKEN_TTL", seconds(900), seconds(10), seconds(86400));
  config.refresh_ttl =
      Env::seconds("REFRESH_TOKEN_TTL", seconds(86400), seconds(60), seconds(90 * 86400));
  config.argon2.opslimit =
      static_cast<unsigned long long>(Env::integer("ARGON2_OPSLIMIT", 2, 1, 64));
  config.argon2.memlimit_bytes =
      static_cast<std::size_t>(Env::integer("ARGON2_MEMORY_KIB", 19 * 1024, 8, 4 * 1024 * 1024)) *
      1024;
  config.max_failures_per_account =
      static_cast<int>(Env::integer("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5, 1, 1000000));
  config.max_failures_per_address =
      static_cast<int>(Env::integer("LOGIN_MAX_FAILURES_PER_ADDRESS", 50, 1, 1000000));
  config.throttle_window =
      Env::seconds("LOGIN_THROTTLE_WINDOW", seconds(900), seconds(1), seconds(86400));
  auto proxies = TrustedProxies::parse(Env::string("TRUSTED_PROXIES", "127.0.0.1,::1"));
  if (!proxies) {
    throw ConfigError("TRUSTED_PROXIES must list addresses or CIDR blocks, e.g. 10.0.0.0/8");
  }
  config.trusted_proxies = *proxies;
  config.db_pool_size = static_cast<std::size_t>(Env::integer("DB_POOL_SIZE", 8, 1, 256));
  config.redis_pool_size = static_cast<std::size_t>(Env::integer("REDIS_POOL_SIZE", 8, 1, 256));
  auto cores = std::max(1u, std::thread::hardware_concurrency());
  config.hash_threads = static_cast<std::size_t>(Env::integer("HASH_THREADS", cores, 1, 256));
  return config;
}

}  // namespace taskflow::auth
