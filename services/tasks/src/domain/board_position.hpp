#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/timestamps.hpp"

// A task's place in its board column: a fractional key, compared as bytes (the column is
// COLLATE "C"). A move writes one key between its neighbours' and never renumbers the column.
// Keys are strings of the 62 digits 0-9A-Za-z, in that (ASCII) order, read as the digits of a
// fraction, and never end in '0', so there is always room between two of them.
namespace taskflow::tasks {

// A new task's key: 14 hex digits of its creation time in microseconds, then `salt`'s digits,
// so tasks created later come later in their column without a query for the last key.
// migrations/0009_board.sql writes the same form for rows the application did not key.
std::string initial_position(Timestamp created_at, std::uint32_t salt);

// A key after `before` and before `after`, where an empty one means the column's start or end.
// Moving to the end gives a key just past `before`, so tasks created afterwards still come
// later. When the two are equal (two tasks created in the same microsecond with the same
// salt), the key is just past `before`.
std::string position_between(std::string_view before, std::string_view after);

// Whether `key` is a key this module could have written.
bool is_valid_position(std::string_view key);

}  // namespace taskflow::tasks
