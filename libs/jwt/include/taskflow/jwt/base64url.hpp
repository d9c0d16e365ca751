#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace taskflow::jwt {

// base64url without padding (RFC 4648 §5, as JOSE uses it).
std::string base64url_encode(std::span<const unsigned char> bytes);
std::string base64url_encode(std::string_view text);

// Strict decoding: any character outside [A-Za-z0-9_-] (padding and whitespace included), an
// impossible length, or non-zero trailing bits yields std::nullopt, so every byte string has
// exactly one accepted encoding.
std::optional<std::vector<unsigned char>> base64url_decode(std::string_view encoded);

}  // namespace taskflow::jwt
