#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace taskflow::jwt {

inline constexpr std::size_t kPublicKeySize = 32;
inline constexpr std::size_t kSeedSize = 32;
inline constexpr std::size_t kSignatureSize = 64;

using Signature = std::array<unsigned char, kSignatureSize>;

// An Ed25519 public key.
class PublicKey {
 public:
  using Bytes = std::array<unsigned char, kPublicKeySize>;

  // Trusts the bytes; use from_base64url for keys that arrive from outside.
  explicit PublicKey(const Bytes& bytes) : bytes_(bytes) {}

  // Parses a JWK "x" value. Rejects wrong lengths and points that are not valid Ed25519 public
  // keys (small order, non-canonical, outside the main subgroup).
  static std::optional<PublicKey> from_base64url(std::string_view x);

  const Bytes& bytes() const { return bytes_; }
  std::string to_base64url() const;

  // RFC 7638 JWK thumbprint: base64url(SHA-256({"crv":"Ed25519","kty":"OKP","x":...})). Used as
  // the kid: derived from the key alone, so every service computes the same one.
  std::string thumbprint() const;

  bool verify(std::string_view message, std::span<const unsigned char> signature) const noexcept;

  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  Bytes bytes_;
};

// An Ed25519 signing key. Move-only; the secret is wiped on destruction and from moved-from
// objects, so it lives in exactly one place.
class KeyPair {
 public:
  static KeyPair generate();

  // Text form of the secret: one line, the base64url (unpadded) encoding of the 32-byte seed.
  // Returns std::nullopt unless the text is exactly that.
  static std::optional<KeyPair> from_seed_base64url(std::string_view seed);
  // Secret material: the caller owns wiping the returned string.
  std::string seed_base64url() const;

  const PublicKey& public_key() const { return public_key_; }
  const std::string& kid() const { return kid_; }

  Signature sign(std::string_view message) const;

  KeyPair(KeyPair&& other) noexcept;
  KeyPair& operator=(KeyPair&& other) noexcept;
  KeyPair(const KeyPair&) = delete;
  KeyPair& operator=(const KeyPair&) = delete;
  ~KeyPair();

 private:
  // libsodium's secret key layout: the seed followed by the public key.
  using SecretKey = std::array<unsigned char, kSeedSize + kPublicKeySize>;

  KeyPair(const SecretKey& secret_key, const PublicKey& public_key);

  SecretKey secret_key_;
  PublicKey public_key_;
  std::string kid_;
};

// Reads a key file in the seed_base64url() format (one trailing newline allowed).
// Throws std::system_error on I/O failure and std::runtime_error on malformed content.
KeyPair load_key_file(const std::filesystem::path& path);

// Loads the key at `path`, or, if there is none, creates the parent directories, generates a key
// and publishes it atomically with mode 0600. Concurrent callers all end up with the same key.
// Throws like load_key_file.
KeyPair load_or_create_key_file(const std::filesystem::path& path);

}  // namespace taskflow::jwt
