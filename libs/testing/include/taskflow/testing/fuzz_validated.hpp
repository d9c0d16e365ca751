#pragma once
#include <nlohmann/json.hpp>

#include "taskflow/testing/fuzz.hpp"
#include "taskflow/validation/validated.hpp"

// What the fuzz targets of request-body validators check of every result (services/*/fuzz).
namespace taskflow::testing {

// The value when accepted, else nullptr, having checked the refusal: at least one field with at
// least one message, a first problem to show, and field names (taken from the client's body)
// that still make a valid JSON response. `result` must outlive the pointer.
template <class T>
const T* accepted(const validation::Validated<T>& result) {
  if (result.ok()) return &result.value();
  TASKFLOW_FUZZ_CHECK(!result.errors().empty());
  TASKFLOW_FUZZ_CHECK(!validation::first_problem(result.errors()).empty());
  for (const auto& [field, messages] : result.errors()) {
    TASKFLOW_FUZZ_CHECK(!messages.empty());
    TASKFLOW_FUZZ_CHECK(!nlohmann::json(field)
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::strict)
                             .empty());
  }
  return nullptr;
}
// Not for a temporary: the pointer would dangle.
template <class T>
const T* accepted(const validation::Validated<T>&& result) = delete;

// For rules whose accepted value has nothing more to check.
template <class T>
void check(const validation::Validated<T>& result) {
  (void)accepted(result);
}

}  // namespace taskflow::testing
