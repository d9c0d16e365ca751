// percent_decode on any bytes, and the round trips: decode(encode(x)) == x, and a decoded
// text re-encoded decodes to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "taskflow/testing/fuzz.hpp"
#include "taskflow/text/percent.hpp"

using taskflow::testing::fuzz_text;
namespace text = taskflow::text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = fuzz_text(data, size);

  for (const bool plus_is_space : {false, true}) {
    const auto decoded = text::percent_decode(bytes, plus_is_space);
    if (decoded) {
      // Decoding never grows the text; without escapes, '+' or NULs it keeps it as is.
      TASKFLOW_FUZZ_CHECK(decoded->size() <= bytes.size());
      if (bytes.find_first_of("%+") == std::string_view::npos) {
        TASKFLOW_FUZZ_CHECK(*decoded == bytes);
      }
      const auto again = text::percent_decode(text::percent_encode(*decoded, ""), plus_is_space);
      TASKFLOW_FUZZ_CHECK(again && *again == *decoded);
    } else {
      TASKFLOW_FUZZ_CHECK(bytes.find('%') != std::string_view::npos);
    }
  }

  // Any bytes survive encoding, with the sets the services keep as they are.
  for (const std::string_view keep : {"", "-._~", "-._~/", "-._~!$&'()*,;=:@/"}) {
    const std::string encoded = text::percent_encode(bytes, keep);
    for (const char c : encoded) {
      const bool alphanumeric =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      TASKFLOW_FUZZ_CHECK(alphanumeric || c == '%' || keep.find(c) != std::string_view::npos);
    }
    const auto decoded = text::percent_decode(encoded, false);
    TASKFLOW_FUZZ_CHECK(decoded && *decoded == bytes);
  }
  return 0;
}
