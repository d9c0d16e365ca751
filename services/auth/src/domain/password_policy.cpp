#include "domain/password_policy.hpp"

#include <array>
#include <optional>
#include <utility>

#include "domain/similarity.hpp"
#include "domain/unicode.hpp"

namespace taskflow::auth {
namespace {

constexpr double kMaxSimilarity = 0.7;  // UserAttributeSimilarityValidator's default

// UserAttributeSimilarityValidator: the lowercased password against each lowercased attribute
// and each of its pieces between non-word characters; the first one too similar wins. Django
// skips pieces at most a tenth of the password's length before comparing; with a 0.7 threshold
// that never changes the verdict (quick_ratio cannot exceed 2/11 there), so it is left out.
std::optional<std::string_view> too_similar_attribute(std::u32string_view password,
                                                      const UserAttributes& user) {
  const std::array<std::pair<std::string_view, const std::string*>, 4> attributes_in_django_order{{
      {"username", &user.username},
      {"first name", &user.first_name},
      {"last name", &user.last_name},
      {"email address", &user.email},
  }};
  const std::u32string lowered_password = unicode::to_lower(password);
  for (const auto& [verbose_name, value] : attributes_in_django_order) {
    // Like Django's "not a str" case, an attribute that is not UTF-8 has nothing to compare.
    const auto decoded = unicode::decode_utf8(*value);
    if (!decoded || decoded->empty()) continue;
    const std::u32string lowered_value = unicode::to_lower(*decoded);
    auto pieces = unicode::split_on_non_word(lowered_value);
    pieces.push_back(lowered_value);
    for (std::u32string_view piece : pieces) {
      if (quick_ratio(lowered_password, piece) >= kMaxSimilarity) return verbose_name;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> validate_password(std::string_view password, const UserAttributes& attrs,
                                           const CommonPasswords& common_passwords) {
  const auto code_points = unicode::decode_utf8(password);
  if (!code_points) return {"Password must be valid UTF-8."};

  std::vector<std::string> failures;
  if (const auto attribute = too_similar_attribute(*code_points, attrs)) {
    failures.push_back("The password is too similar to the " + std::string(*attribute) + ".");
  }
  if (code_points->size() < kMinPasswordCodePoints) {
    failures.push_back("This password is too short. It must contain at least " +
                       std::to_string(kMinPasswordCodePoints) + " characters.");
  }
  if (password.size() > kMaxPasswordBytes) {
    failures.push_back("This password is too long. It must not exceed " +
                       std::to_string(kMaxPasswordBytes) + " bytes in UTF-8.");
  }
  if (common_passwords.contains(password)) failures.push_back("This password is too common.");
  if (unicode::is_all_digits(*code_points)) {
    failures.push_back("This password is entirely numeric.");
  }
  return failures;
}

}  // namespace taskflow::auth
