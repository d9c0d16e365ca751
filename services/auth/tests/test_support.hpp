#pragma once

#include "domain/common_passwords.hpp"

namespace taskflow::auth::testing {

// The list shipped in services/auth/data, loaded once for the whole test binary.
inline const CommonPasswords& shipped_common_passwords() {
  static const CommonPasswords list = CommonPasswords::load(TASKFLOW_COMMON_PASSWORDS_PATH);
  return list;
}

}  // namespace taskflow::auth::testing
