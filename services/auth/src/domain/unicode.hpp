#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "taskflow/text/utf8.hpp"

// The slice of Python's str semantics that Django's password validators depend on, so the
// C++ port gives the same answers for any input, not only ASCII.
namespace taskflow::auth::unicode {

// UTF-8, str.isspace() and str.strip(): the shared text module's.
using text::decode_utf8;
using text::encode_utf8;
using text::is_space;
using text::strip;

// Python's str.isdigit() and re's \w, for one code point.
bool is_digit(char32_t code_point);
bool is_word(char32_t code_point);

// Python's str.lower(), including the final-sigma rule and U+0130's two-code-point lowercase.
std::u32string to_lower(std::u32string_view text);

// Python's str.isdigit(): true when not empty and every code point is a digit.
bool is_all_digits(std::u32string_view text);

// Python's re.split(r"\W+", text), empty leading and trailing pieces included.
std::vector<std::u32string_view> split_on_non_word(std::u32string_view text);

}  // namespace taskflow::auth::unicode
