#pragma once

#include <sodium.h>

namespace taskflow::jwt::detail {

// libsodium must be initialised once before use; sodium_init() is thread-safe and idempotent.
// Callers that cannot throw fail closed when this returns false.
inline bool sodium_ready() noexcept {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace taskflow::jwt::detail
