#include "domain/task_enums.hpp"

#include <cstddef>

namespace taskflow::tasks {
namespace {

// The wire names, in the enumerators' order.
constexpr std::array<std::string_view, kPriorities.size()> kPriorityNames{"low", "medium", "high",
                                                                          "urgent"};
constexpr std::array<std::string_view, kStatuses.size()> kStatusNames{
    "todo", "in_progress", "review", "done", "cancelled"};

template <class Enum, std::size_t N>
std::optional<Enum> parse_choice(const std::array<Enum, N>& choices, std::string_view text) {
  for (const Enum choice : choices) {
    if (to_string(choice) == text) return choice;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Priority priority) {
  return kPriorityNames[static_cast<std::size_t>(priority)];
}

std::string_view to_string(Status status) {
  return kStatusNames[static_cast<std::size_t>(status)];
}

std::optional<Priority> parse_priority(std::string_view text) {
  return parse_choice(kPriorities, text);
}

std::optional<Status> parse_status(std::string_view text) {
  return parse_choice(kStatuses, text);
}

}  // namespace taskflow::tasks
