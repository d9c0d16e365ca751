#include "domain/password_hasher.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace taskflow::auth {
namespace {

// libsodium's smallest Argon2id cost (crypto_pwhash_argon2id_OPSLIMIT_MIN, _MEMLIMIT_MIN),
// so the tests run in milliseconds.
constexpr Argon2Params kFastest{.opslimit = 1, .memlimit_bytes = 8192};

// Made once with libsodium 1.0.18: crypto_pwhash_str_alg("correct horse", t, 8 KiB, alg).
constexpr std::string_view kArgon2idT1 =
    "$argon2id$v=19$m=8,t=1,p=1$RkjIMpbQay7cscE4xGKn1w$+vTvkG8/G4skkuh6quyOTkBnSg0j+KVkdopxcoQ+ksM";
constexpr std::string_view kArgon2iT3 =
    "$argon2i$v=19$m=8,t=3,p=1$QDMDuS9HZ88O6sRfSXNcyA$jDPfRsFd76XgR8nhuhmv4/4HHOtPYYGfSMLQKND9BuE";

// Strings libsodium cannot parse as a hash at all.
const std::string kUndecodable[] = {
    "",
    "not a hash",
    "$argon2id$",
    "$argon2id$v=19$m=8,t=1,p=1$!!!!$????",
    "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",  // bcrypt
    std::string(500, '$'),
    std::string(kArgon2idT1) + std::string("\0", 1),
};

TEST(PasswordHasher, DefaultsToOwaspsMinimum) {
  const Argon2Params defaults;
  EXPECT_EQ(defaults.opslimit, 2u);
  EXPECT_EQ(defaults.memlimit_bytes, 19u * 1024 * 1024);
}

TEST(PasswordHasher, RejectsLimitsLibsodiumDoesNotAccept) {
  EXPECT_THROW(PasswordHasher({.opslimit = 0, .memlimit_bytes = 8192}), std::invalid_argument);
  EXPECT_THROW(PasswordHasher({.opslimit = 1, .memlimit_bytes = 8191}), std::invalid_argument);
  EXPECT_NO_THROW(PasswordHasher{kFastest});
}

TEST(PasswordHasher, HashesWithArgon2idAndTheConfiguredCost) {
  const PasswordHasher hasher(kFastest);
  const std::string hash = hasher.hash("correct horse");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << hash;
  EXPECT_NE(hasher.hash("correct horse"), hash) << "each hash needs a fresh salt";
}

TEST(PasswordHasher, VerifiesItsOwnHashes) {
  const PasswordHasher hasher(kFastest);
  const std::string hash = hasher.hash("correct horse");
  EXPECT_TRUE(hasher.verify(hash, "correct horse"));
  EXPECT_FALSE(hasher.verify(hash, "correct horse "));
  EXPECT_FALSE(hasher.verify(hash, "Correct horse"));
  EXPECT_FALSE(hasher.verify(hash, ""));
}

TEST(PasswordHasher, HashesEveryByteOfThePassword) {
  const PasswordHasher hasher(kFastest);
  const std::string with_nul("a\0b", 3);
  const std::string hash = hasher.hash(with_nul);
  EXPECT_TRUE(hasher.verify(hash, with_nul));
  EXPECT_FALSE(hasher.verify(hash, std::string("a\0c", 3)));
  EXPECT_FALSE(hasher.verify(hash, "a"));

  const std::string longest(4096, 'x');
  EXPECT_TRUE(hasher.verify(hasher.hash(longest), longest));
  EXPECT_TRUE(hasher.verify(hasher.hash(""), ""));
}

TEST(PasswordHasher, VerifiesStoredHashesWhateverTheirCost) {
  const PasswordHasher hasher;  // other parameters than the stored ones
  EXPECT_TRUE(hasher.verify(kArgon2idT1, "correct horse"));
  EXPECT_FALSE(hasher.verify(kArgon2idT1, "wrong horse"));
  EXPECT_TRUE(hasher.verify(kArgon2iT3, "correct horse"));
}

TEST(PasswordHasher, AnswersFalseForMalformedHashes) {
  const PasswordHasher hasher(kFastest);
  const std::string valid = hasher.hash("pw");
  for (const std::string& malformed : {
           valid.substr(0, valid.size() - 5),
           valid + "A",
           valid + std::string("\0garbage", 8),
       }) {
    EXPECT_FALSE(hasher.verify(malformed, "pw")) << malformed;
  }
  for (std::string_view undecodable : kUndecodable) {
    EXPECT_FALSE(hasher.verify(undecodable, "pw")) << undecodable;
  }
}

TEST(PasswordHasher, AsksForARehashWhenTheCostOrAlgorithmDiffers) {
  const PasswordHasher fastest(kFastest);
  const std::string hash = fastest.hash("pw");
  EXPECT_FALSE(fastest.needs_rehash(hash));
  EXPECT_TRUE(PasswordHasher({.opslimit = 2, .memlimit_bytes = 8192}).needs_rehash(hash));
  EXPECT_TRUE(PasswordHasher({.opslimit = 1, .memlimit_bytes = 16384}).needs_rehash(hash));
  EXPECT_TRUE(PasswordHasher().needs_rehash(hash));
  EXPECT_TRUE(PasswordHasher({.opslimit = 3, .memlimit_bytes = 8192}).needs_rehash(kArgon2iT3));
  EXPECT_FALSE(fastest.needs_rehash(kArgon2idT1));
}

TEST(PasswordHasher, AsksForARehashOfWhatIsNotAHash) {
  const PasswordHasher hasher(kFastest);
  for (std::string_view undecodable : kUndecodable) {
    EXPECT_TRUE(hasher.needs_rehash(undecodable)) << undecodable;
  }
}

}  // namespace
}  // namespace taskflow::auth
