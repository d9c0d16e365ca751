#pragma once

#include <utility>
#include <variant>

namespace taskflow::jwt {

// Either a value or an error; a minimal stand-in for C++23 std::expected with the same member
// names, so switching to it later is mechanical.
template <typename T, typename E>
class Result {
 public:
  // Implicit on purpose: `return claims;` and `return Error::Expired;` both read naturally.
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  // Precondition: has_value(); otherwise std::bad_variant_access is thrown.
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !has_value(); otherwise std::bad_variant_access is thrown.
  const E& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, E> state_;
};

}  // namespace taskflow::jwt
