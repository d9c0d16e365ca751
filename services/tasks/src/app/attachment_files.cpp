#include "app/attachment_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "taskflow/core/uuid.hpp"

namespace taskflow::tasks {

AttachmentFiles::AttachmentFiles(std::filesystem::path folder) : folder_(std::move(folder)) {
  std::filesystem::create_directories(folder_);
}

std::filesystem::path AttachmentFiles::path_of(const std::string& storage_name) const {
  return folder_ / storage_name;
}

std::string AttachmentFiles::store(std::string_view bytes) {
  auto name = uuid_v4();
  auto path = path_of(name);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "creating " + path.string());
  std::size_t written = 0;
  while (written < bytes.size()) {
    auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      auto error = errno;
      ::close(fd);
      ::unlink(path.c_str());
      throw std::system_error(error, std::generic_category(), "writing " + path.string());
    }
    written += static_cast<std::size_t>(n);
  }
  // On disk before the database row that points at it is committed.
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    ::unlink(path.c_str());
    throw std::system_error(errno, std::generic_category(), "syncing " + path.string());
  }
  return name;
}

std::string AttachmentFiles::read(const std::string& storage_name) const {
  std::ifstream in(path_of(storage_name), std::ios::binary);
  if (!in) throw std::runtime_error("attachment file missing: " + storage_name);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

void AttachmentFiles::remove(const std::vector<std::string>& storage_names) noexcept {
  for (const auto& name : storage_names) {
    std::error_code ignored;
    std::filesystem::remove(path_of(name), ignored);
  }
}

}  // namespace taskflow::tasks
