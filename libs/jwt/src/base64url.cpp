#include "taskflow/jwt/base64url.hpp"

#include <algorithm>

#include <sodium.h>

namespace taskflow::jwt {

namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

bool is_base64url_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

std::string base64url_encode(std::span<const unsigned char> bytes) {
  // The macro counts the terminating NUL that sodium_bin2base64 writes.
  std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), kVariant);
  encoded.pop_back();
  return encoded;
}

std::string base64url_encode(std::string_view text) {
  return base64url_encode(
      std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

std::optional<std::vector<unsigned char>> base64url_decode(std::string_view encoded) {
  // libsodium 1.0.18 decodes every byte >= 0x80 as '_' (its constant-time comparisons receive a
  // sign-extended char), so it cannot be trusted with the alphabet check.
  if (!std::all_of(encoded.begin(), encoded.end(), is_base64url_character)) {
    return std::nullopt;
  }
  std::vector<unsigned char> bytes(encoded.size() / 4 * 3 + 2);
  std::size_t decoded_size = 0;
  // With no ignore set and no end pointer, libsodium rejects '=', a dangling sextet and non-zero
  // trailing bits.
  if (sodium_base642bin(bytes.data(), bytes.size(), encoded.data(), encoded.size(),
                        /*ignore=*/nullptr, &decoded_size, /*b64_end=*/nullptr, kVariant) != 0) {
    return std::nullopt;
  }
  bytes.resize(decoded_size);
  return bytes;
}

}  // namespace taskflow::jwt
