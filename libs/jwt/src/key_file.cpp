#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <sodium.h>

#include "taskflow/jwt/keys.hpp"

namespace taskflow::jwt {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// A buffer of secret material, wiped when it goes out of scope.
template <typename Buffer>
struct Wiped {
  Wiped() = default;
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;
  ~Wiped() { sodium_memzero(value.data(), value.size()); }

  Buffer value{};
};

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }

  int get() const { return fd_; }

  // Closing can report a delayed write error, so callers that wrote must check it.
  void close_or_throw(const std::string& what) {
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) {
      throw_errno(what);
    }
  }

 private:
  int fd_;
};

// Removes the temporary file unless it was published.
class TemporaryFile {
 public:
  explicit TemporaryFile(fs::path path) : path_(std::move(path)) {}
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() { ::unlink(path_.c_str()); }

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_all(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw_errno("cannot write " + path.string());
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
}

// Makes a new directory entry durable.
void sync_directory(const fs::path& directory) {
  FileDescriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) {
    throw_errno("cannot sync directory " + directory.string());
  }
}

// Writes the key to a private temporary file and hard-links it into place: link() never
// replaces an existing file, so readers only ever see a complete key and concurrent creators
// agree on one. Returns false if `path` already existed.
bool publish_new_key_file(const fs::path& path, const KeyPair& key) {
  const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string template_path = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
  // mkstemp creates the file with mode 0600.
  FileDescriptor fd(::mkostemp(template_path.data(), O_CLOEXEC));
  if (fd.get() < 0) {
    throw_errno("cannot create a temporary key file in " + directory.string());
  }
  const TemporaryFile temporary(template_path);

  Wiped<std::string> seed;
  seed.value = key.seed_base64url();
  write_all(fd.get(), seed.value, temporary.path());
  write_all(fd.get(), "\n", temporary.path());
  if (::fsync(fd.get()) != 0) {
    throw_errno("cannot sync " + temporary.path().string());
  }
  fd.close_or_throw("cannot close " + temporary.path().string());

  if (::link(temporary.path().c_str(), path.c_str()) != 0) {
    if (errno == EEXIST) {
      return false;
    }
    throw_errno("cannot create " + path.string());
  }
  sync_directory(directory);
  return true;
}

}  // namespace

KeyPair load_key_file(const fs::path& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    throw_errno("cannot open " + path.string());
  }
  // A key file is one short line, so a bounded read suffices; longer files fail to parse.
  Wiped<std::array<char, 128>> contents;
  std::size_t size = 0;
  while (size < contents.value.size()) {
    const ssize_t bytes_read =
        ::read(fd.get(), contents.value.data() + size, contents.value.size() - size);
    if (bytes_read < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw_errno("cannot read " + path.string());
    }
    if (bytes_read == 0) {
      break;
    }
    size += static_cast<std::size_t>(bytes_read);
  }
  std::string_view seed(contents.value.data(), size);
  if (seed.ends_with('\n')) {
    seed.remove_suffix(1);
  }
  auto key = KeyPair::from_seed_base64url(seed);
  if (!key) {
    // Never echo the contents: they may be a slightly damaged secret.
    throw std::runtime_error("malformed key file " + path.string());
  }
  return std::move(*key);
}

KeyPair load_or_create_key_file(const fs::path& path) {
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path());
  }
  if (fs::exists(path)) {
    return load_key_file(path);
  }
  auto key = KeyPair::generate();
  if (!publish_new_key_file(path, key)) {
    // Another process created it first; use its key so all instances sign with the same one.
    return load_key_file(path);
  }
  return key;
}

}  // namespace taskflow::jwt
