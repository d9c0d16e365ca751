#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

// The timestamps of docs/openapi.yaml: ISO 8601 in, ISO 8601 UTC out, with microsecond
// precision (PostgreSQL's timestamptz and Python's datetime both stop there).
namespace taskflow::tasks {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// The clock's time, at a Timestamp's precision.
inline Timestamp current_timestamp() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

// Accepts what Django REST Framework's DateTimeField accepts in practice, strictly:
//   YYYY-MM-DD                                   midnight UTC
//   YYYY-MM-DD(T|t| )hh:mm[:ss[(.|,)f…]][zone]   zone: Z, z, ±HH, ±HHMM or ±HH:MM; none = UTC
// 1 to 9 fraction digits, truncated to microseconds. Fields have exactly the digits shown.
// Calendar-checked (Feb 29 only in leap years), no leap second or 24:00, offsets below 24 h,
// and the instant must fall within years 0001-9999 in UTC. Anything else, surrounding
// whitespace included, is nullopt.
std::optional<Timestamp> parse_timestamp(std::string_view text);

// As DRF renders datetimes: 2026-11-29T10:00:00Z, with .ffffff (always six digits) only when
// the microseconds are not zero. parse_timestamp reads every output back to the same instant.
// For instants in years 1 to 9999: every one parse_timestamp accepts, and now.
std::string format_timestamp(Timestamp timestamp);

}  // namespace taskflow::tasks
