#pragma once

#include <optional>
#include <string>
#include <string_view>

// UTF-8 and the whitespace rules of Python's str, which Django REST Framework applies to every
// string field (the behaviour the services keep; see docs/compatibility.md).
namespace taskflow::text {

// Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF); nullopt when invalid.
std::optional<std::u32string> decode_utf8(std::string_view bytes);
// Whether decode_utf8 would succeed, without decoding.
bool is_valid_utf8(std::string_view bytes);
// Every byte that does not start a valid sequence becomes U+FFFD, so the result can always be
// put in JSON or a header.
std::u32string decode_utf8_lossy(std::string_view bytes);
std::string encode_utf8(std::u32string_view text);
// The bytes with each invalid UTF-8 byte replaced by U+FFFD: safe to echo in a JSON message.
std::string to_valid_utf8(std::string_view bytes);
// `bytes` as a JSON string literal, quotes included, appended to `out`. Invalid UTF-8 becomes
// U+FFFD, as nlohmann::json's `replace` error handler does.
void append_json_string(std::string& out, std::string_view bytes);

// Python's str.isspace().
bool is_space(char32_t code_point);
// Python's str.strip() without arguments.
std::u32string_view strip(std::u32string_view text);

}  // namespace taskflow::text
