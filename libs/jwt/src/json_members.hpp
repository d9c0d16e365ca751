#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

// Non-throwing lookups of JSON object members, for documents from untrusted sources.
namespace taskflow::jwt::detail {

inline const std::string* non_empty_string_member(const nlohmann::json& object,
                                                  std::string_view name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return nullptr;
  }
  return &it->get_ref<const std::string&>();
}

inline bool string_member_equals(const nlohmann::json& object, std::string_view name,
                                 std::string_view expected) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() && it->get_ref<const std::string&>() == expected;
}

// For optional members whose value, when present, is fixed.
inline bool absent_or_equals(const nlohmann::json& object, std::string_view name,
                             std::string_view expected) {
  return !object.contains(name) || string_member_equals(object, name, expected);
}

}  // namespace taskflow::jwt::detail
