#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace taskflow::validation {

// Field name -> messages: the "errors" of a 400 response (docs/openapi.yaml, ValidationError).
// Problems with the body as a whole are filed under kNonFieldErrors, as Django REST Framework
// does.
using FieldErrors = std::map<std::string, std::vector<std::string>>;
inline constexpr std::string_view kNonFieldErrors = "non_field_errors";

// Either the typed input or the errors to answer 400 with.
template <typename T>
class Validated {
 public:
  Validated(T value) : outcome_(std::move(value)) {}
  Validated(FieldErrors errors) : outcome_(std::move(errors)) {}

  bool ok() const { return std::holds_alternative<T>(outcome_); }
  // Each throws std::bad_variant_access when called on the other outcome.
  const T& value() const { return std::get<T>(outcome_); }
  const FieldErrors& errors() const { return std::get<FieldErrors>(outcome_); }

 private:
  std::variant<T, FieldErrors> outcome_;
};

}  // namespace taskflow::validation
