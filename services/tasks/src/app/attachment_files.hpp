#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace taskflow::tasks {

// Attachment bytes on disk, each under a generated name in one folder: a client's file name
// never becomes part of a path. Blocking: call from a BlockingPool.
class AttachmentFiles {
 public:
  explicit AttachmentFiles(std::filesystem::path folder);

  // Writes the bytes durably under a new random name and returns that name.
  std::string store(std::string_view bytes);
  std::string read(const std::string& storage_name) const;
  void remove(const std::vector<std::string>& storage_names) noexcept;

 private:
  std::filesystem::path path_of(const std::string& storage_name) const;

  std::filesystem::path folder_;
};

}  // namespace taskflow::tasks
