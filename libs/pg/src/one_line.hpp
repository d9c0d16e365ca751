#pragma once
#include <string>
#include <string_view>

namespace taskflow::pg {

// libpq messages end with a newline and may hold more lines and tabs; logs and 503 bodies want
// one line.
inline std::string one_line(std::string_view message) {
  std::string result;
  bool pending_space = false;
  for (char c : message) {
    if (c == '\n' || c == '\t' || c == ' ') {
      pending_space = !result.empty();
      continue;
    }
    if (pending_space) result.push_back(' ');
    pending_space = false;
    result.push_back(c);
  }
  return result;
}

}  // namespace taskflow::pg
