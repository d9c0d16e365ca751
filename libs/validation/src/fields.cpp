#include "taskflow/validation/fields.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "taskflow/text/utf8.hpp"

namespace taskflow::validation {
namespace {

using nlohmann::json;

bool contains(std::span<const std::string_view> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::string first_problem(const FieldErrors& errors) {
  const auto body_problems = errors.find(std::string(kNonFieldErrors));
  if (body_problems != errors.end() && !body_problems->second.empty()) {
    return body_problems->second.front();
  }
  for (const auto& [field, messages] : errors) {
    if (!messages.empty()) return field + ": " + messages.front();
  }
  return "Validation failed.";
}

void add_error(FieldErrors& errors, std::string_view field, std::string_view message) {
  errors[std::string(field)].emplace_back(message);
}

bool has_errors(const FieldErrors& errors, std::string_view field) {
  return errors.find(std::string(field)) != errors.end();
}

std::string python_type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "dict";
    case json::value_t::array:
      return "list";
    case json::value_t::string:
      return "str";
    case json::value_t::boolean:
      return "bool";
    case json::value_t::number_float:
      return "float";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "int";
    default:
      return "NoneType";
  }
}

bool is_object_or_report(const json& body, FieldErrors& errors) {
  if (body.is_object()) return true;
  add_error(errors, kNonFieldErrors,
            "Invalid data. Expected a dictionary, but got " + python_type_name(body) + ".");
  return false;
}

void reject_unknown_fields(const json& body, std::span<const std::string_view> accepted,
                           std::span<const std::string_view> ignored, FieldErrors& errors) {
  for (const auto& item : body.items()) {
    if (!contains(accepted, item.key()) && !contains(ignored, item.key())) {
      add_error(errors, item.key(), kUnexpected);
    }
  }
}

const json* find_field(const json& body, std::string_view name) {
  const auto found = body.find(name);
  return found == body.end() ? nullptr : &*found;
}

std::optional<std::string> read_string(const json& value, const StringField& field,
                                       FieldErrors& errors) {
  if (value.is_null()) {
    add_error(errors, field.name, kNotNull);
    return std::nullopt;
  }
  const auto decoded =
      value.is_string() ? text::decode_utf8(value.get_ref<const std::string&>()) : std::nullopt;
  if (!decoded) {
    add_error(errors, field.name, kNotString);
    return std::nullopt;
  }
  const std::u32string_view trimmed = text::strip(*decoded);
  if (trimmed.empty()) {
    if (field.allow_blank) return std::string();
    add_error(errors, field.name, kBlank);
    return std::nullopt;
  }
  const std::u32string_view kept = field.trim ? trimmed : std::u32string_view(*decoded);
  if (kept.size() > field.max_code_points) {
    add_error(errors, field.name,
              "Ensure this field has no more than " + std::to_string(field.max_code_points) +
                  " characters.");
  }
  if (kept.find(U'\0') != std::u32string_view::npos) {
    add_error(errors, field.name, kNullCharacters);
  }
  return text::encode_utf8(kept);
}

std::optional<std::string> read_required_string(const json& body, const StringField& field,
                                                FieldErrors& errors) {
  const json* value = find_field(body, field.name);
  if (!value) {
    add_error(errors, field.name, kRequired);
    return std::nullopt;
  }
  return read_string(*value, field, errors);
}

std::optional<std::int64_t> read_id(const json& value, std::string_view field, FieldErrors& errors,
                                    std::string_view prefix) {
  constexpr auto kMaxId = std::numeric_limits<std::int64_t>::max();
  const std::string at(prefix);
  if (value.is_null()) {
    add_error(errors, field, at + std::string(kNotNull));
    return std::nullopt;
  }
  if (!value.is_number_integer()) {  // floats, numeric strings and the rest
    add_error(errors, field, at + "A valid integer is required.");
    return std::nullopt;
  }
  // Parsed JSON holds non-negative numbers as unsigned, which may exceed int64.
  if (value.is_number_unsigned() &&
      value.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxId)) {
    add_error(errors, field,
              at + "Ensure this value is less than or equal to " + std::to_string(kMaxId) + ".");
    return std::nullopt;
  }
  const auto id = value.get<std::int64_t>();
  if (id < 1) {
    add_error(errors, field, at + "Ensure this value is greater than or equal to 1.");
    return std::nullopt;
  }
  return id;
}

}  // namespace taskflow::validation
