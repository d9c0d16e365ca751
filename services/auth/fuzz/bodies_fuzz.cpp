// The auth API's input rules on any input. The first byte picks the function, the rest is a
// JSON body for: '0' log-in, '1' refresh, '2' registration (with the password policy and the
// shipped common-password list), '3' profile PATCH, '4' profile PUT, '5' password change; or
// text for: '6' TRUSTED_PROXIES (first line), a peer and an X-Real-IP (next lines);
// '7' an email to normalise.
// Nothing may throw; a refusal has errors; an accepted registration or password change
// passes the password policy; normalize_email is idempotent; client_address answers the peer
// or the forwarded address.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/common_passwords.hpp"
#include "domain/input_validation.hpp"
#include "domain/password_policy.hpp"
#include "domain/trusted_proxies.hpp"
#include "taskflow/testing/fuzz.hpp"
#include "taskflow/testing/fuzz_validated.hpp"

namespace auth = taskflow::auth;
namespace validation = taskflow::validation;
using taskflow::testing::accepted;
using taskflow::testing::check;
using taskflow::testing::fuzz_text;
using taskflow::testing::split_mode;

namespace {

const auth::CommonPasswords& common_passwords() {
  static const auto list = auth::CommonPasswords::load(TASKFLOW_COMMON_PASSWORDS_PATH);
  return list;
}

std::string_view next_line(std::string_view& text) {
  const std::size_t newline = text.find('\n');
  const std::string_view line = text.substr(0, newline);
  text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, input] = split_mode(fuzz_text(data, size), 8);
  if (mode == 6) {
    const auto list = next_line(input);
    const auto peer = next_line(input);
    const auto forwarded = next_line(input);
    if (const auto proxies = auth::TrustedProxies::parse(list)) {
      const std::string client = auth::client_address(*proxies, peer, forwarded);
      TASKFLOW_FUZZ_CHECK(client == peer || client == forwarded);
    }
    return 0;
  }
  if (mode == 7) {
    const std::string normalized = auth::normalize_email(input);
    TASKFLOW_FUZZ_CHECK(auth::normalize_email(normalized) == normalized);
    return 0;
  }

  const auto body = nlohmann::json::parse(input, nullptr, false);
  if (body.is_discarded()) return 0;
  switch (mode) {
    case 0:
      if (const auto result = auth::validate_login(body);
          const auto* credentials = accepted(result)) {
        TASKFLOW_FUZZ_CHECK(!credentials->email.empty() && !credentials->password.empty());
      }
      break;
    case 1:
      if (const auto result = auth::validate_refresh_request(body);
          const auto* token = accepted(result)) {
        TASKFLOW_FUZZ_CHECK(!token->empty());
      }
      break;
    case 2:
      if (const auto result = auth::validate_registration(body, common_passwords());
          const auto* user = accepted(result)) {
        TASKFLOW_FUZZ_CHECK(!user->username.empty() && !user->email.empty());
        const auth::UserAttributes attributes{user->username, user->email, user->first_name,
                                              user->last_name};
        TASKFLOW_FUZZ_CHECK(
            auth::validate_password(user->password, attributes, common_passwords()).empty());
      }
      break;
    case 3:
    case 4:
      check(auth::validate_profile_update(body, mode == 3));
      break;
    default: {
      const auth::UserAttributes user{"jdoe", "jane.doe@example.com", "Jane", "Doe"};
      if (const auto result = auth::validate_change_password(body, user, common_passwords());
          const auto* change = accepted(result)) {
        TASKFLOW_FUZZ_CHECK(
            auth::validate_password(change->new_password, user, common_passwords()).empty());
      }
      break;
    }
  }
  return 0;
}
