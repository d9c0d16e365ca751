#include "taskflow/jwt/keys.hpp"

#include <algorithm>
#include <stdexcept>

#include <sodium.h>

#include "sodium_ready.hpp"
#include "taskflow/jwt/base64url.hpp"

namespace taskflow::jwt {

static_assert(kPublicKeySize == crypto_sign_ed25519_PUBLICKEYBYTES);
static_assert(kSeedSize == crypto_sign_ed25519_SEEDBYTES);
static_assert(kSignatureSize == crypto_sign_ed25519_BYTES);

namespace {

const unsigned char* as_bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

std::optional<PublicKey> PublicKey::from_base64url(std::string_view x) {
  const auto decoded = base64url_decode(x);
  if (!decoded || decoded->size() != kPublicKeySize || !detail::sodium_ready() ||
      crypto_core_ed25519_is_valid_point(decoded->data()) != 1) {
    return std::nullopt;
  }
  Bytes bytes;
  std::copy(decoded->begin(), decoded->end(), bytes.begin());
  return PublicKey(bytes);
}

std::string PublicKey::to_base64url() const {
  return base64url_encode(bytes_);
}

std::string PublicKey::thumbprint() const {
  // RFC 7638 §3.2: the required members in lexicographic order, no whitespace.
  const std::string canonical_jwk =
      R"({"crv":"Ed25519","kty":"OKP","x":")" + to_base64url() + "\"}";
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest;
  crypto_hash_sha256(digest.data(), as_bytes(canonical_jwk), canonical_jwk.size());
  return base64url_encode(digest);
}

bool PublicKey::verify(std::string_view message,
                       std::span<const unsigned char> signature) const noexcept {
  return signature.size() == kSignatureSize && detail::sodium_ready() &&
         crypto_sign_ed25519_verify_detached(signature.data(), as_bytes(message), message.size(),
                                             bytes_.data()) == 0;
}

KeyPair::KeyPair(const SecretKey& secret_key, const PublicKey& public_key)
    : secret_key_(secret_key), public_key_(public_key), kid_(public_key.thumbprint()) {}

KeyPair KeyPair::generate() {
  if (!detail::sodium_ready()) {
    throw std::runtime_error("libsodium initialisation failed");
  }
  SecretKey secret_key;
  PublicKey::Bytes public_key;
  crypto_sign_ed25519_keypair(public_key.data(), secret_key.data());
  KeyPair key_pair(secret_key, PublicKey(public_key));
  sodium_memzero(secret_key.data(), secret_key.size());
  return key_pair;
}

std::optional<KeyPair> KeyPair::from_seed_base64url(std::string_view seed) {
  auto decoded = base64url_decode(seed);
  if (!decoded) {
    return std::nullopt;
  }
  std::optional<KeyPair> key_pair;
  if (decoded->size() == kSeedSize && detail::sodium_ready()) {
    SecretKey secret_key;
    PublicKey::Bytes public_key;
    crypto_sign_ed25519_seed_keypair(public_key.data(), secret_key.data(), decoded->data());
    key_pair.emplace(KeyPair(secret_key, PublicKey(public_key)));
    sodium_memzero(secret_key.data(), secret_key.size());
  }
  sodium_memzero(decoded->data(), decoded->size());
  return key_pair;
}

std::string KeyPair::seed_base64url() const {
  // The first kSeedSize bytes of libsodium's secret key are the seed.
  return base64url_encode(std::span(secret_key_).first<kSeedSize>());
}

Signature KeyPair::sign(std::string_view message) const {
  Signature signature;
  crypto_sign_ed25519_detached(signature.data(), nullptr, as_bytes(message), message.size(),
                               secret_key_.data());
  return signature;
}

KeyPair::KeyPair(KeyPair&& other) noexcept
    : secret_key_(other.secret_key_), public_key_(other.public_key_), kid_(std::move(other.kid_)) {
  sodium_memzero(other.secret_key_.data(), other.secret_key_.size());
}

KeyPair& KeyPair::operator=(KeyPair&& other) noexcept {
  if (this != &other) {
    secret_key_ = other.secret_key_;
    public_key_ = other.public_key_;
    kid_ = std::move(other.kid_);
    sodium_memzero(other.secret_key_.data(), other.secret_key_.size());
  }
  return *this;
}

KeyPair::~KeyPair() {
  sodium_memzero(secret_key_.data(), secret_key_.size());
}

}  // namespace taskflow::jwt
