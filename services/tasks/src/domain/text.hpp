#pragma once

#include <optional>
#include <string>
#include <string_view>

// The few text rules the tasks service needs: UTF-8, Python's str.strip() (which Django REST
// Framework applies to every string field) and percent-encoding.
namespace taskflow::tasks::text {

// Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF); nullopt when invalid.
std::optional<std::u32string> decode_utf8(std::string_view bytes);
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

// HTTP header pieces (RFC 9110): a token (1 or more tchar), the spaces and tabs around
// values, and case-insensitive names.
bool is_http_token(std::string_view text);
std::string_view trim_http_whitespace(std::string_view text);
std::string to_lower_ascii(std::string_view text);

// %XX (upper-case hex) for every byte that is not an ASCII letter, digit or one of
// keep_as_is.
std::string percent_encode(std::string_view bytes, std::string_view keep_as_is);

}  // namespace taskflow::tasks::text
