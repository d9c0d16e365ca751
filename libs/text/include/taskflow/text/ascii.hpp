#pragma once

#include <string>
#include <string_view>

// The ASCII pieces of header and media-type syntax (RFC 9110): tokens, the optional whitespace
// around values, case-insensitive names.
namespace taskflow::text {

// One or more tchar ("!#$%&'*+-.^_`|~", digits, letters).
bool is_token(std::string_view text);
// Without the spaces and tabs around it (OWS).
std::string_view trim_ows(std::string_view text);
// A-Z lowered, every other byte kept.
std::string to_lower_ascii(std::string_view text);

}  // namespace taskflow::text
