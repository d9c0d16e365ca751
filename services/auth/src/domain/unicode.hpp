#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The slice of Python's str semantics that Django's password validators depend on, so the
// C++ port gives the same answers for any input, not only ASCII.
namespace taskflow::auth::unicode {

// Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF); nullopt when invalid.
std::optional<std::u32string> decode_utf8(std::string_view bytes);
std::string encode_utf8(std::u32string_view text);

// Python's str.isspace(), str.isdigit() and re's \w, for one code point.
bool is_space(char32_t code_point);
bool is_digit(char32_t code_point);
bool is_word(char32_t code_point);

// Python's str.lower(), including the final-sigma rule and U+0130's two-code-point lowercase.
std::u32string to_lower(std::u32string_view text);

// Python's str.strip() without arguments.
std::u32string_view strip(std::u32string_view text);

// Python's str.isdigit(): true when not empty and every code point is a digit.
bool is_all_digits(std::u32string_view text);

// Python's re.split(r"\W+", text), empty leading and trailing pieces included.
std::vector<std::u32string_view> split_on_non_word(std::u32string_view text);

}  // namespace taskflow::auth::unicode
