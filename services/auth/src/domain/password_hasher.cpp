#include "domain/password_hasher.hpp"

#include <sodium.h>

#include <optional>
#include <stdexcept>

namespace taskflow::auth {
namespace {

void initialize_sodium_once() {
  // A function-local static runs sodium_init() exactly once even with concurrent callers.
  static const bool initialized = sodium_init() >= 0;
  if (!initialized) throw std::runtime_error("libsodium could not be initialised");
}

// libsodium reads the hash as a C string of fewer than crypto_pwhash_STRBYTES characters.
std::optional<std::string> as_hash_c_string(std::string_view stored_hash) {
  if (stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(stored_hash);
}

}  // namespace

PasswordHasher::PasswordHasher(Argon2Params params) : params_(params) {
  if (params_.opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      params_.opslimit > crypto_pwhash_argon2id_OPSLIMIT_MAX) {
    throw std::invalid_argument("Argon2id opslimit must be between " +
                                std::to_string(crypto_pwhash_argon2id_OPSLIMIT_MIN) + " and " +
                                std::to_string(crypto_pwhash_argon2id_OPSLIMIT_MAX));
  }
  if (params_.memlimit_bytes < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      params_.memlimit_bytes > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    throw std::invalid_argument("Argon2id memlimit must be between " +
                                std::to_string(crypto_pwhash_argon2id_MEMLIMIT_MIN) + " and " +
                                std::to_string(crypto_pwhash_argon2id_MEMLIMIT_MAX) + " bytes");
  }
  initialize_sodium_once();
}

std::string PasswordHasher::hash(std::string_view password) const {
  char encoded[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), params_.opslimit,
                            params_.memlimit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("Argon2id hashing failed: out of memory");
  }
  return encoded;
}

bool PasswordHasher::verify(std::string_view stored_hash, std::string_view password) const {
  const auto hash_string = as_hash_c_string(stored_hash);
  return hash_string &&
         crypto_pwhash_str_verify(hash_string->c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::needs_rehash(std::string_view stored_hash) const {
  const auto hash_string = as_hash_c_string(stored_hash);
  // The Argon2id variant answers -1 for Argon2i hashes too, which must be upgraded as well.
  return !hash_string || crypto_pwhash_argon2id_str_needs_rehash(
                             hash_string->c_str(), params_.opslimit, params_.memlimit_bytes) != 0;
}

}  // namespace taskflow::auth
