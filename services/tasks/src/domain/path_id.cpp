#include "domain/path_id.hpp"

#include <charconv>
#include <system_error>

namespace taskflow::tasks {

std::optional<std::int64_t> parse_id(std::string_view text) {
  if (text.empty() || text.front() < '1' || text.front() > '9') return std::nullopt;
  std::int64_t id = 0;
  const char* end = text.data() + text.size();
  const auto [stopped_at, error] = std::from_chars(text.data(), end, id);
  if (error != std::errc() || stopped_at != end) return std::nullopt;
  return id;
}

}  // namespace taskflow::tasks
