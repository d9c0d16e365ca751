#include "domain/common_passwords.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "test_support.hpp"

namespace taskflow::auth {
namespace {

namespace fs = std::filesystem;

// A file in the temp folder that is removed again when the test ends.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& contents)
      : path_(fs::temp_directory_path() /
              ("taskflow-common-passwords-" + std::to_string(::getpid()) + "-" +
               std::to_string(next_id_++) + ".txt")) {
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TemporaryFile() { fs::remove(path_); }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const fs::path& path() const { return path_; }

 private:
  static inline int next_id_ = 0;
  fs::path path_;
};

std::string load_error(const fs::path& path) {
  try {
    CommonPasswords::load(path);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

TEST(CommonPasswords, LoadsTheShippedList) {
  // len({x.strip() for x in gzip.open('common-passwords.txt.gz', 'rt')}) == 19727
  EXPECT_EQ(testing::shipped_common_passwords().size(), 19727u);
  EXPECT_TRUE(testing::shipped_common_passwords().contains("password"));
  EXPECT_TRUE(testing::shipped_common_passwords().contains("chobits"));  // the last line
  EXPECT_FALSE(testing::shipped_common_passwords().contains("chobits!"));
}

TEST(CommonPasswords, ComparesLowercasedAndStrippedLikeDjango) {
  const CommonPasswords list({"hunter2"});
  EXPECT_TRUE(list.contains("hunter2"));
  EXPECT_TRUE(list.contains("HuNtEr2"));
  EXPECT_TRUE(list.contains(" \thunter2\r\n"));
  EXPECT_FALSE(list.contains("hunter 2"));
  EXPECT_FALSE(list.contains("hunter2\xFF"));
  EXPECT_FALSE(list.contains(""));
}

TEST(CommonPasswords, NormalisesItsOwnEntries) {
  const CommonPasswords list({"  Hunter2 ", "hunter2", "", "   ", "ÄRGER"});
  EXPECT_EQ(list.size(), 2u);
  EXPECT_TRUE(list.contains("hunter2"));
  EXPECT_TRUE(list.contains("ärger"));
}

TEST(CommonPasswords, RejectsAnEntryThatIsNotUtf8) {
  EXPECT_THROW(CommonPasswords({"ok", "bad\xFF"}), std::invalid_argument);
}

TEST(CommonPasswords, LoadsWindowsLineEndingsAndAMissingFinalNewline) {
  const TemporaryFile file("alpha\r\nBeta\r\n\r\ngamma");
  const CommonPasswords list = CommonPasswords::load(file.path());
  EXPECT_EQ(list.size(), 3u);
  EXPECT_TRUE(list.contains("beta"));
  EXPECT_TRUE(list.contains("gamma"));
}

TEST(CommonPasswords, NamesThePathWhenTheFileIsMissing) {
  const fs::path missing = fs::temp_directory_path() / "taskflow-no-such-list.txt";
  EXPECT_EQ(load_error(missing), "Cannot open the common password list \"" + missing.string() +
                                     "\": No such file or directory");
}

TEST(CommonPasswords, NamesThePathAndLineOfInvalidUtf8) {
  const TemporaryFile file("one\ntwo\nthr\xC3\x28\n");
  EXPECT_EQ(load_error(file.path()),
            "The common password list \"" + file.path().string() + "\" is not UTF-8 at line 3");
}

TEST(CommonPasswords, RefusesAnEmptyList) {
  const TemporaryFile file("\n  \n");
  EXPECT_EQ(load_error(file.path()),
            "The common password list \"" + file.path().string() + "\" holds no passwords");
}

TEST(CommonPasswords, RefusesADirectory) {
  const std::string error = load_error(fs::temp_directory_path());
  EXPECT_NE(error.find(fs::temp_directory_path().string()), std::string::npos) << error;
}

}  // namespace
}  // namespace taskflow::auth
