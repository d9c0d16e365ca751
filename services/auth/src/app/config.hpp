#pragma once
#include <chrono>
#include <filesystem>
#include <string>

#include "domain/password_hasher.hpp"
#include "domain/trusted_proxies.hpp"

namespace taskflow::auth {

struct AuthConfig {
  std::string database_url;
  std::string redis_url;
  std::string amqp_url;  // where the outbox relay publishes the user events
  std::filesystem::path data_dir;
  std::filesystem::path migrations_dir;
  std::filesystem::path common_passwords_file;
  std::filesystem::path private_key_file;
  std::string private_key;  // base64url seed; wins over the file when set
  std::string issuer;
  std::chrono::seconds access_ttl;
  std::chrono::seconds refresh_ttl;
  Argon2Params argon2;
  int max_failures_per_account;
  int max_failures_per_address;
  std::chrono::seconds throttle_window;
  TrustedProxies trusted_proxies;  // whose X-Real-IP names the client
  std::size_t db_pool_size;
  std::size_t redis_pool_size;
  std::size_t hash_threads;

  // Reads and validates every setting; throws ConfigError naming the first bad one.
  static AuthConfig from_env();
};

}  // namespace taskflow::auth
