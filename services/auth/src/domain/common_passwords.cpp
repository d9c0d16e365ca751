#include "domain/common_passwords.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "domain/unicode.hpp"

namespace taskflow::auth {
namespace {

// password.lower().strip(), the form Django looks up.
std::optional<std::string> comparable_form(std::string_view text) {
  const auto decoded = unicode::decode_utf8(text);
  if (!decoded) return std::nullopt;
  return unicode::encode_utf8(unicode::strip(unicode::to_lower(*decoded)));
}

std::string quoted(const std::filesystem::path& path) {
  return '"' + path.string() + '"';
}

}  // namespace

CommonPasswords CommonPasswords::load(const std::filesystem::path& path) {
  std::ifstream file(path);
  if (!file) {
    throw std::runtime_error("Cannot open the common password list " + quoted(path) + ": " +
                             std::strerror(errno));
  }
  CommonPasswords list;
  std::string line;
  for (std::size_t line_number = 1; std::getline(file, line); ++line_number) {
    if (!list.add(line)) {
      throw std::runtime_error("The common password list " + quoted(path) +
                               " is not UTF-8 at line " + std::to_string(line_number));
    }
  }
  if (file.bad()) throw std::runtime_error("Cannot read the common password list " + quoted(path));
  if (list.sorted_entries_.empty()) {
    throw std::runtime_error("The common password list " + quoted(path) + " holds no passwords");
  }
  list.sort_and_deduplicate();
  return list;
}

CommonPasswords::CommonPasswords(const std::vector<std::string>& entries) {
  for (const std::string& entry : entries) {
    if (!add(entry)) throw std::invalid_argument("Common password entry is not UTF-8");
  }
  sort_and_deduplicate();
}

bool CommonPasswords::contains(std::string_view password) const {
  const auto candidate = comparable_form(password);
  return candidate &&
         std::binary_search(sorted_entries_.begin(), sorted_entries_.end(), *candidate);
}

bool CommonPasswords::add(std::string_view entry) {
  auto comparable = comparable_form(entry);
  if (!comparable) return false;
  if (!comparable->empty()) sorted_entries_.push_back(std::move(*comparable));
  return true;
}

void CommonPasswords::sort_and_deduplicate() {
  std::sort(sorted_entries_.begin(), sorted_entries_.end());
  sorted_entries_.erase(std::unique(sorted_entries_.begin(), sorted_entries_.end()),
                        sorted_entries_.end());
}

}  // namespace taskflow::auth
