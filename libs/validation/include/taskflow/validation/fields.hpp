#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "taskflow/validation/validated.hpp"

// Django REST Framework's rules for a JSON body, with its messages (clients of the original
// system show them; see docs/compatibility.md).
namespace taskflow::validation {

inline constexpr std::string_view kRequired = "This field is required.";
inline constexpr std::string_view kNotNull = "This field may not be null.";
inline constexpr std::string_view kNotString = "Not a valid string.";
inline constexpr std::string_view kBlank = "This field may not be blank.";
inline constexpr std::string_view kNullCharacters = "Null characters are not allowed.";
inline constexpr std::string_view kUnexpected = "Unexpected field.";

void add_error(FieldErrors& errors, std::string_view field, std::string_view message);
bool has_errors(const FieldErrors& errors, std::string_view field);

// The name of the Python type DRF would have parsed the value into ("dict", "list", "str",
// "bool", "float", "int", "NoneType").
std::string python_type_name(const nlohmann::json& value);

// True for an object; otherwise files "Invalid data. Expected a dictionary, but got <type>."
// under kNonFieldErrors.
bool is_object_or_report(const nlohmann::json& body, FieldErrors& errors);

// Files "Unexpected field." under each member of the object that is neither accepted nor
// ignored (read-only fields a client may send back, which DRF drops silently).
void reject_unknown_fields(const nlohmann::json& body, std::span<const std::string_view> accepted,
                           std::span<const std::string_view> ignored, FieldErrors& errors);

// The member, or nullptr when the object has none of that name.
const nlohmann::json* find_field(const nlohmann::json& body, std::string_view name);

// DRF's CharField.
struct StringField {
  std::string_view name;
  std::size_t max_code_points = std::numeric_limits<std::size_t>::max();
  bool allow_blank = false;
  bool trim = true;  // trim_whitespace (Python's str.strip()); passwords are kept as typed
};

// CharField's checks on a present value: not null, a valid UTF-8 string, not blank after
// trimming (unless allowed), at most max_code_points, no NUL. Returns the (trimmed) value
// whenever it is a string that is not a rejected blank, even one that failed a later check, so
// rules that compare fields can still look at it; whether it passed is has_errors(field).
std::optional<std::string> read_string(const nlohmann::json& value, const StringField& field,
                                       FieldErrors& errors);
// The same for the member of that name, filing kRequired when it is missing.
std::optional<std::string> read_required_string(const nlohmann::json& body,
                                                const StringField& field, FieldErrors& errors);

// DRF's IntegerField(min_value=1) for a row id: an integer (not a float or a numeric string)
// from 1 to INT64_MAX. Messages are filed under `field`, after `prefix` ("Item 3: " in a list).
std::optional<std::int64_t> read_id(const nlohmann::json& value, std::string_view field,
                                    FieldErrors& errors, std::string_view prefix = "");

}  // namespace taskflow::validation
