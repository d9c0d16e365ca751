#include "taskflow/text/utf8.hpp"

#include <algorithm>
#include <cstddef>

namespace taskflow::text {
namespace {

constexpr char32_t kReplacementCharacter = 0xFFFD;

struct DecodedCodePoint {
  char32_t value;
  std::size_t length;
};

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// The code point starting at bytes[at], or nullopt when no valid sequence starts there.
std::optional<DecodedCodePoint> decode_one(std::string_view bytes, std::size_t at) {
  const auto lead = static_cast<unsigned char>(bytes[at]);
  if (lead < 0x80) return DecodedCodePoint{lead, 1};
  std::size_t length;
  char32_t value;
  char32_t smallest;  // anything below is an overlong form
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1F;
    smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
    smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07;
    smallest = 0x10000;
  } else {
    return std::nullopt;
  }
  if (bytes.size() - at < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(bytes[at + i]);
    if (!is_continuation(byte)) return std::nullopt;
    value = (value << 6) | (byte & 0x3F);
  }
  const bool surrogate = value >= 0xD800 && value <= 0xDFFF;
  if (value < smallest || value > 0x10FFFF || surrogate) return std::nullopt;
  return DecodedCodePoint{value, length};
}

}  // namespace

std::optional<std::u32string> decode_utf8(std::string_view bytes) {
  std::u32string decoded;
  decoded.reserve(bytes.size());
  for (std::size_t at = 0; at < bytes.size();) {
    const auto code_point = decode_one(bytes, at);
    if (!code_point) return std::nullopt;
    decoded.push_back(code_point->value);
    at += code_point->length;
  }
  return decoded;
}

bool is_valid_utf8(std::string_view bytes) {
  for (std::size_t at = 0; at < bytes.size();) {
    const auto code_point = decode_one(bytes, at);
    if (!code_point) return false;
    at += code_point->length;
  }
  return true;
}

std::u32string decode_utf8_lossy(std::string_view bytes) {
  std::u32string decoded;
  decoded.reserve(bytes.size());
  for (std::size_t at = 0; at < bytes.size();) {
    const auto code_point = decode_one(bytes, at);
    decoded.push_back(code_point ? code_point->value : kReplacementCharacter);
    at += code_point ? code_point->length : 1;
  }
  return decoded;
}

std::string encode_utf8(std::u32string_view text) {
  std::string encoded;
  encoded.reserve(text.size());
  for (const char32_t code_point : text) {
    if (code_point < 0x80) {
      encoded.push_back(static_cast<char>(code_point));
    } else if (code_point < 0x800) {
      encoded.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
      encoded.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else if (code_point < 0x10000) {
      encoded.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
      encoded.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
      encoded.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else {
      encoded.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
      encoded.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
      encoded.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
      encoded.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    }
  }
  return encoded;
}

std::string to_valid_utf8(std::string_view bytes) {
  return encode_utf8(decode_utf8_lossy(bytes));
}

void append_json_string(std::string& out, std::string_view bytes) {
  const bool ascii =
      std::ranges::all_of(bytes, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::string repaired;
  if (!ascii && !is_valid_utf8(bytes)) {
    repaired = to_valid_utf8(bytes);
    bytes = repaired;
  }
  out += '"';
  for (const char c : bytes) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          constexpr std::string_view kHex = "0123456789abcdef";
          out += "\\u00";
          out += kHex[static_cast<unsigned char>(c) >> 4];
          out += kHex[static_cast<unsigned char>(c) & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

bool is_space(char32_t code_point) {
  return (code_point >= 0x09 && code_point <= 0x0D) || (code_point >= 0x1C && code_point <= 0x20) ||
         code_point == 0x85 || code_point == 0xA0 || code_point == 0x1680 ||
         (code_point >= 0x2000 && code_point <= 0x200A) || code_point == 0x2028 ||
         code_point == 0x2029 || code_point == 0x202F || code_point == 0x205F ||
         code_point == 0x3000;
}

std::u32string_view strip(std::u32string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace taskflow::text
