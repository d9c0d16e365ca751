#include "domain/board_position.hpp"

#include <chrono>
#include <string_view>

namespace taskflow::tasks {
namespace {

constexpr std::string_view kDigits =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int kBase = static_cast<int>(kDigits.size());
constexpr std::size_t kTimeDigits = 14;

int digit_value(char c) {
  return static_cast<int>(kDigits.find(c));
}

char digit(int value) {
  return kDigits[static_cast<std::size_t>(value)];
}

// The midpoint of two fractions 0.a and 0.b, a < b (b empty: 1), neither ending in '0': at
// least one digit shorter than the longer of the two plus one (David Greenspan's "Implementing
// Fractional Indexing").
std::string midpoint(std::string_view a, std::string_view b) {
  if (!b.empty()) {
    std::size_t common = 0;
    while (common < b.size() && (common < a.size() ? a[common] : '0') == b[common]) ++common;
    if (common > 0) {
      const auto rest_of_a = common < a.size() ? a.substr(common) : std::string_view{};
      return std::string(b.substr(0, common)) + midpoint(rest_of_a, b.substr(common));
    }
  }
  const int low = a.empty() ? 0 : digit_value(a.front());
  const int high = b.empty() ? kBase : digit_value(b.front());
  if (high - low > 1) return std::string(1, digit((low + high + 1) / 2));
  if (b.size() > 1) return std::string(1, b.front());
  return std::string(1, digit(low)) + midpoint(a.empty() ? a : a.substr(1), {});
}

// The shortest key just past `key`: its last digit that can grow, grown (never '0').
std::string just_after(std::string_view key) {
  std::string next(key);
  while (!next.empty() && next.back() == kDigits.back()) next.pop_back();
  if (next.empty()) return std::string(key) + digit(kBase / 2);
  next.back() = digit(digit_value(next.back()) + 1);
  return next;
}

}  // namespace

std::string initial_position(Timestamp created_at, std::uint32_t salt) {
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(created_at.time_since_epoch()).count();
  std::string key(kTimeDigits, '0');
  auto remaining = static_cast<std::uint64_t>(micros < 0 ? 0 : micros);
  for (std::size_t at = kTimeDigits; at-- > 0;) {
    key[at] = kDigits[remaining % 16];
    remaining /= 16;
  }
  // Three digits of salt, the last never '0'.
  key += digit(static_cast<int>(salt % kBase));
  key += digit(static_cast<int>(salt / kBase % kBase));
  key += digit(1 + static_cast<int>(salt / (kBase * kBase) % (kBase - 1)));
  return key;
}

std::string position_between(std::string_view before, std::string_view after) {
  if (after.empty()) return before.empty() ? std::string(1, digit(kBase / 2)) : just_after(before);
  if (!before.empty() && before >= after) return just_after(before);
  return midpoint(before, after);
}

bool is_valid_position(std::string_view key) {
  if (key.empty() || key.back() == '0') return false;
  for (const char c : key) {
    if (kDigits.find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace taskflow::tasks
