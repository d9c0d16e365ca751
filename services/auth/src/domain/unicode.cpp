#include "domain/unicode.hpp"

#include <algorithm>
#include <span>

#include "domain/unicode_tables.hpp"

namespace taskflow::auth::unicode {
namespace {

using tables::CodePointRange;
using tables::LowercaseRun;

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

}  // namespace

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
