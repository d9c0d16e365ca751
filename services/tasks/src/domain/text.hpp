#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "taskflow/text/percent.hpp"
#include "taskflow/text/utf8.hpp"

// The text rules the tasks service uses: the shared UTF-8, whitespace and percent-encoding
// modules, and the pieces of HTTP headers that multipart parsing and uploads read.
namespace taskflow::tasks::text {

using taskflow::text::append_json_string;
using taskflow::text::decode_utf8;
using taskflow::text::decode_utf8_lossy;
using taskflow::text::encode_utf8;
using taskflow::text::is_space;
using taskflow::text::percent_decode;
using taskflow::text::percent_encode;
using taskflow::text::strip;
using taskflow::text::to_valid_utf8;

// HTTP header pieces (RFC 9110): a token (1 or more tchar), the spaces and tabs around
// values, and case-insensitive names.
bool is_http_token(std::string_view text);
std::string_view trim_http_whitespace(std::string_view text);
std::string to_lower_ascii(std::string_view text);

}  // namespace taskflow::tasks::text
