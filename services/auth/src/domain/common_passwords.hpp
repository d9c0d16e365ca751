#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace taskflow::auth {

// The list behind Django's CommonPasswordValidator. Load it once at startup; it is immutable
// afterwards, so one instance can be shared by every thread.
class CommonPasswords {
 public:
  // One password per line, UTF-8. Throws std::runtime_error naming the path when the file
  // cannot be read, is not UTF-8 or holds no passwords.
  static CommonPasswords load(const std::filesystem::path& path);

  // Entries are stripped and lowercased (Django expects a lowercase file; doing it here means
  // a hand-edited list cannot silently stop matching). Blank entries are dropped. Throws
  // std::invalid_argument for an entry that is not UTF-8.
  explicit CommonPasswords(const std::vector<std::string>& entries);

  // Django's test: password.lower().strip() is in the list. False for invalid UTF-8.
  bool contains(std::string_view password) const;

  std::size_t size() const { return sorted_entries_.size(); }

 private:
  CommonPasswords() = default;
  // False when the entry is not UTF-8.
  bool add(std::string_view entry);
  void sort_and_deduplicate();

  std::vector<std::string> sorted_entries_;
};

}  // namespace taskflow::auth
