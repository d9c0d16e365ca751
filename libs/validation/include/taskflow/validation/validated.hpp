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

// The first problem, for a 400's `detail`, in words a person can act on ("password: This
// password is too common."): clients that show only `detail` then say what to fix. A problem
// with the body as a whole comes first and without a field name; then fields in name order.
std::string first_problem(const FieldErrors& errors);

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
