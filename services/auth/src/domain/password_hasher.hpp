#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace taskflow::auth {

// Argon2id cost. The defaults are OWASP's minimum (t=2, m=19 MiB, p=1); libsodium always uses
// one lane.
struct Argon2Params {
  unsigned long long opslimit = 2;
  std::size_t memlimit_bytes = std::size_t{19} * 1024 * 1024;
};

// Argon2id password hashes in libsodium's PHC string format ("$argon2id$v=19$m=...").
// Every call blocks for the whole Argon2 run (about 12 ms per hash or verify with the defaults
// on the 2-core dev machine, and it grows linearly with both limits), so callers run them on a
// worker pool, never on the I/O threads. Safe to share across threads.
class PasswordHasher {
 public:
  // Throws std::invalid_argument when a limit is outside what libsodium accepts for Argon2id,
  // std::runtime_error when libsodium cannot initialise.
  explicit PasswordHasher(Argon2Params params = {});

  // A fresh salt every call. Throws std::runtime_error when the memory cannot be allocated.
  std::string hash(std::string_view password) const;

  // False for a wrong password and for anything that is not a well-formed hash.
  bool verify(std::string_view stored_hash, std::string_view password) const;

  // True when stored_hash was made with other parameters or another algorithm (or is not a
  // hash at all), so the caller should store hash(password) after a successful verify.
  bool needs_rehash(std::string_view stored_hash) const;

 private:
  Argon2Params params_;
};

}  // namespace taskflow::auth
