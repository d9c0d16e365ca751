// base64url on any bytes: decoding is strict (only [A-Za-z0-9_-], so every byte string has
// exactly one accepted encoding: decode(s) succeeds only if encode(decode(s)) == s), and
// decode(encode(x)) == x.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "taskflow/jwt/base64url.hpp"
#include "taskflow/testing/fuzz.hpp"

namespace jwt = taskflow::jwt;
using taskflow::testing::fuzz_text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = fuzz_text(data, size);

  if (const auto decoded = jwt::base64url_decode(bytes)) {
    TASKFLOW_FUZZ_CHECK(jwt::base64url_encode(std::span<const unsigned char>(*decoded)) == bytes);
    TASKFLOW_FUZZ_CHECK(bytes.size() % 4 != 1);
  } else {
    // The only rejections: a character outside the alphabet, a dangling sextet, or non-zero
    // trailing bits (which re-encoding would change).
    const bool alphabet = std::all_of(bytes.begin(), bytes.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_';
    });
    TASKFLOW_FUZZ_CHECK(!alphabet || bytes.size() % 4 == 1 || bytes.size() % 4 == 2 ||
                        bytes.size() % 4 == 3);
  }

  const std::string encoded = jwt::base64url_encode(bytes);
  TASKFLOW_FUZZ_CHECK(encoded.find_first_of("=+/") == std::string::npos);
  const auto round_trip = jwt::base64url_decode(encoded);
  TASKFLOW_FUZZ_CHECK(round_trip && std::string(round_trip->begin(), round_trip->end()) == bytes);
  return 0;
}
