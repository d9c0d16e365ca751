#pragma once

#include <array>
#include <optional>
#include <string_view>

// The choices of docs/openapi.yaml for a task's priority and status, spelled as on the wire.
namespace taskflow::tasks {

// Declared in order of severity, so comparing two priorities compares their severity.
enum class Priority { low, medium, high, urgent };
enum class Status { todo, in_progress, review, done, cancelled };

inline constexpr std::array kPriorities{Priority::low, Priority::medium, Priority::high,
                                        Priority::urgent};
inline constexpr std::array kStatuses{Status::todo, Status::in_progress, Status::review,
                                      Status::done, Status::cancelled};

std::string_view to_string(Priority priority);
std::string_view to_string(Status status);

// Exact, case-sensitive matches of the wire names (as DRF's ChoiceField).
std::optional<Priority> parse_priority(std::string_view text);
std::optional<Status> parse_status(std::string_view text);

}  // namespace taskflow::tasks
