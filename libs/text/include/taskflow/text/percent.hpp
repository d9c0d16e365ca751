#pragma once

#include <optional>
#include <string>
#include <string_view>

// Percent-encoding (RFC 3986 section 2.1), for URLs, query strings and RFC 5987 header values.
namespace taskflow::text {

// %XX (upper-case hex) for every byte that is not an ASCII letter, digit or one of keep_as_is.
std::string percent_encode(std::string_view bytes, std::string_view keep_as_is);

// Decodes %XX escapes (either case) and, for query strings, '+' as a space. nullopt for a
// broken escape ('%' not followed by two hex digits).
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

}  // namespace taskflow::text
