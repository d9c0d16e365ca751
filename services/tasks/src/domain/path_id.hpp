#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace taskflow::tasks {

// A task, comment or attachment id from the path: canonical decimal digits of a value from 1
// to INT64_MAX. Signs, leading zeros, spaces and overflow are nullopt, which the handler
// answers as a resource that does not exist (404), one URL per resource.
std::optional<std::int64_t> parse_id(std::string_view text);

}  // namespace taskflow::tasks
