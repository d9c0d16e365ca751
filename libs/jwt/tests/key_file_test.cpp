#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include <gtest/gtest.h>

#include "taskflow/jwt/keys.hpp"

namespace taskflow::jwt {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kRfcSeed = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";

class KeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "taskflow-jwt-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
  }
  void TearDown() override { fs::remove_all(directory_); }

  static void write_file(const fs::path& path, std::string_view contents) {
    std::ofstream(path, std::ios::binary) << contents;
  }
  static std::string read_file(const fs::path& path) {
    std::ostringstream contents;
    contents << std::ifstream(path, std::ios::binary).rdbuf();
    return contents.str();
  }

  fs::path directory_;
};

TEST_F(KeyFile, CreatesAPrivateOneLineKeyFileAndParentDirectories) {
  const fs::path path = directory_ / "nested" / "keys" / "jwt_ed25519.key";
  const KeyPair created = load_or_create_key_file(path);

  struct stat status {};
  ASSERT_EQ(::stat(path.c_str(), &status), 0);
  EXPECT_TRUE(S_ISREG(status.st_mode));
  EXPECT_EQ(status.st_mode & 0777, 0600u);
  EXPECT_EQ(read_file(path), created.seed_base64url() + "\n");
  // The temporary file used for the atomic publish is gone.
  EXPECT_EQ(std::distance(fs::directory_iterator(path.parent_path()), fs::directory_iterator()), 1);
}

TEST_F(KeyFile, LoadsTheSameKeyOnEveryLaterCall) {
  const fs::path path = directory_ / "jwt.key";
  const std::string kid = load_or_create_key_file(path).kid();
  EXPECT_EQ(load_or_create_key_file(path).kid(), kid);
  EXPECT_EQ(load_key_file(path).kid(), kid);
}

TEST_F(KeyFile, LoadsAHandWrittenSeedWithOrWithoutTrailingNewline) {
  const auto expected_kid = KeyPair::from_seed_base64url(kRfcSeed)->kid();
  write_file(directory_ / "with_newline.key", std::string(kRfcSeed) + "\n");
  write_file(directory_ / "without_newline.key", kRfcSeed);
  EXPECT_EQ(load_key_file(directory_ / "with_newline.key").kid(), expected_kid);
  EXPECT_EQ(load_or_create_key_file(directory_ / "without_newline.key").kid(), expected_kid);
}

TEST_F(KeyFile, RejectsMalformedContentsWithoutEchoingThem) {
  const std::string seed(kRfcSeed);
  for (const std::string& contents : {std::string(), std::string("\n"), seed + "\n\n", " " + seed,
                                      seed + "\r\n", seed.substr(1), std::string(4096, 'A')}) {
    const fs::path path = directory_ / "bad.key";
    write_file(path, contents);
    try {
      load_or_create_key_file(path);
      ADD_FAILURE() << "accepted a malformed key file";
    } catch (const std::runtime_error& error) {
      EXPECT_EQ(std::string(error.what()).find(kRfcSeed.substr(1, 20)), std::string::npos);
    }
    // A malformed key is never silently replaced by a fresh one.
    EXPECT_EQ(read_file(path), contents);
  }
}

TEST_F(KeyFile, ReportsAMissingFileAsASystemError) {
  EXPECT_THROW(load_key_file(directory_ / "missing.key"), std::system_error);
}

TEST_F(KeyFile, ReportsAnUnusableDirectoryAsASystemError) {
  // A regular file where the parent directory should be.
  write_file(directory_ / "not_a_directory", "x");
  EXPECT_THROW(load_or_create_key_file(directory_ / "not_a_directory" / "jwt.key"),
               std::system_error);
}

}  // namespace
}  // namespace taskflow::jwt
