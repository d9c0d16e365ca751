#include "domain/unicode.hpp"

#include <algorithm>
#include <span>

#include "domain/unicode_tables.hpp"

namespace taskflow::auth::unicode {
namespace {

using tables::CodePointRange;
using tables::LowercaseRun;

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr char32_t kCapitalSigma = 0x3A3;
constexpr char32_t kSmallSigma = 0x3C3;
constexpr char32_t kSmallFinalSigma = 0x3C2;

bool in_ranges(std::span<const CodePointRange> ranges, char32_t code_point) {
  auto after = std::upper_bound(
      ranges.begin(), ranges.end(), code_point,
      [](char32_t value, const CodePointRange& range) { return value < range.first; });
  return after != ranges.begin() && code_point <= std::prev(after)->last;
}

char32_t lower_one(char32_t code_point) {
  const std::span<const LowercaseRun> runs = tables::kLowercase;
  auto after =
      std::upper_bound(runs.begin(), runs.end(), code_point,
                       [](char32_t value, const LowercaseRun& run) { return value < run.first; });
  if (after == runs.begin()) return code_point;
  const LowercaseRun& run = *std::prev(after);
  if (code_point > run.last || (code_point - run.first) % run.stride != 0) return code_point;
  return static_cast<char32_t>(static_cast<long>(code_point) + run.delta);
}

bool is_case_ignorable(char32_t code_point) {
  return in_ranges(tables::kCaseIgnorable, code_point);
}

bool is_cased(char32_t code_point) {
  return !is_case_ignorable(code_point) && in_ranges(tables::kCasedNotIgnorable, code_point);
}

// Unicode's Final_Sigma context, written like CPython's handle_capital_sigma: a cased letter
// before the sigma and none after it, skipping case-ignorable characters both ways.
bool is_final_sigma(std::u32string_view text, std::size_t sigma_index) {
  auto before = text.substr(0, sigma_index);
  auto previous = std::find_if_not(before.rbegin(), before.rend(), is_case_ignorable);
  if (previous == before.rend() || !is_cased(*previous)) return false;
  auto after = text.substr(sigma_index + 1);
  auto next = std::find_if_not(after.begin(), after.end(), is_case_ignorable);
  return next == after.end() || !is_cased(*next);
}

int utf8_sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;  // a continuation byte, an overlong two-byte lead or past U+10FFFF
}

}  // namespace

std::optional<std::u32string> decode_utf8(std::string_view bytes) {
  std::u32string text;
  text.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    const int length = utf8_sequence_length(lead);
    if (length == 0 || bytes.size() - i < static_cast<std::size_t>(length)) return std::nullopt;
    if (length == 1) {
      text.push_back(lead);
      ++i;
      continue;
    }
    char32_t code_point = lead & (0xFF >> (length + 1));
    for (int k = 1; k < length; ++k) {
      const auto continuation = static_cast<unsigned char>(bytes[i + k]);
      if ((continuation & 0xC0) != 0x80) return std::nullopt;
      code_point = (code_point << 6) | (continuation & 0x3F);
    }
    const char32_t smallest_for_length = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (code_point < smallest_for_length || surrogate || code_point > kMaxCodePoint) {
      return std::nullopt;
    }
    text.push_back(code_point);
    i += length;
  }
  return text;
}

std::string encode_utf8(std::u32string_view text) {
  std::string bytes;
  bytes.reserve(text.size());
  for (char32_t code_point : text) {
    if (code_point < 0x80) {
      bytes.push_back(static_cast<char>(code_point));
    } else if (code_point < 0x800) {
      bytes.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
      bytes.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else if (code_point < 0x10000) {
      bytes.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
      bytes.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
      bytes.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else {
      bytes.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
      bytes.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
      bytes.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
      bytes.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    }
  }
  return bytes;
}

bool is_space(char32_t code_point) {
  return in_ranges(tables::kSpace, code_point);
}

bool is_digit(char32_t code_point) {
  return in_ranges(tables::kDigit, code_point);
}

bool is_word(char32_t code_point) {
  return in_ranges(tables::kWord, code_point);
}

std::u32string to_lower(std::u32string_view text) {
  std::u32string lowered;
  lowered.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char32_t code_point = text[i];
    if (code_point == kCapitalSigma) {
      lowered.push_back(is_final_sigma(text, i) ? kSmallFinalSigma : kSmallSigma);
    } else if (code_point == tables::kExpandingLowercase) {
      lowered.append(std::begin(tables::kExpandingLowercaseTo),
                     std::end(tables::kExpandingLowercaseTo));
    } else {
      lowered.push_back(lower_one(code_point));
    }
  }
  return lowered;
}

std::u32string_view strip(std::u32string_view text) {
  auto first = std::find_if_not(text.begin(), text.end(), is_space);
  auto last = std::find_if_not(text.rbegin(), std::make_reverse_iterator(first), is_space).base();
  return {first, last};
}

bool is_all_digits(std::u32string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

std::vector<std::u32string_view> split_on_non_word(std::u32string_view text) {
  std::vector<std::u32string_view> pieces;
  auto piece_start = text.begin();
  auto separator = std::find_if_not(piece_start, text.end(), is_word);
  while (separator != text.end()) {
    pieces.emplace_back(piece_start, separator);
    piece_start = std::find_if(separator, text.end(), is_word);
    separator = std::find_if_not(piece_start, text.end(), is_word);
  }
  pieces.emplace_back(piece_start, text.end());
  return pieces;
}

}  // namespace taskflow::auth::unicode
