#include "domain/similarity.hpp"

#include <cstddef>
#include <unordered_map>

namespace taskflow::auth {

double quick_ratio(std::u32string_view a, std::u32string_view b) {
  std::unordered_map<char32_t, std::size_t> unmatched_in_b;
  for (char32_t code_point : b) ++unmatched_in_b[code_point];
  std::size_t matches = 0;
  for (char32_t code_point : a) {
    auto found = unmatched_in_b.find(code_point);
    if (found != unmatched_in_b.end() && found->second > 0) {
      --found->second;
      ++matches;
    }
  }
  // Same expression as difflib's _calculate_ratio, so the doubles compare identically to 0.7.
  const std::size_t length = a.size() + b.size();
  return length == 0 ? 1.0 : 2.0 * static_cast<double>(matches) / static_cast<double>(length);
}

}  // namespace taskflow::auth
