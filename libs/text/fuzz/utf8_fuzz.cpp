// The UTF-8 functions on any bytes: decode_utf8 and is_valid_utf8 agree, valid text round-trips
// through encode_utf8, the lossy forms always give valid UTF-8, append_json_string always writes
// a JSON string literal that nlohmann::json reads back as to_valid_utf8 of the bytes, and strip
// is idempotent.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "taskflow/testing/fuzz.hpp"
#include "taskflow/text/utf8.hpp"

using taskflow::testing::fuzz_text;
namespace text = taskflow::text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = fuzz_text(data, size);

  const auto decoded = text::decode_utf8(bytes);
  TASKFLOW_FUZZ_CHECK(decoded.has_value() == text::is_valid_utf8(bytes));
  const std::u32string lossy = text::decode_utf8_lossy(bytes);
  if (decoded) {
    TASKFLOW_FUZZ_CHECK(text::encode_utf8(*decoded) == bytes);
    TASKFLOW_FUZZ_CHECK(lossy == *decoded);
    TASKFLOW_FUZZ_CHECK(text::to_valid_utf8(bytes) == bytes);
  }
  for (const char32_t code_point : lossy) {
    TASKFLOW_FUZZ_CHECK(code_point <= 0x10FFFF && !(code_point >= 0xD800 && code_point <= 0xDFFF));
  }
  const std::string valid = text::to_valid_utf8(bytes);
  TASKFLOW_FUZZ_CHECK(text::is_valid_utf8(valid));
  TASKFLOW_FUZZ_CHECK(text::to_valid_utf8(valid) == valid);

  std::string literal = "prefix ";
  text::append_json_string(literal, bytes);
  TASKFLOW_FUZZ_CHECK(literal.starts_with("prefix \""));
  const auto parsed = nlohmann::json::parse(literal.substr(7), nullptr, false);
  TASKFLOW_FUZZ_CHECK(parsed.is_string() && parsed.get<std::string>() == valid);

  const std::u32string_view stripped = text::strip(lossy);
  TASKFLOW_FUZZ_CHECK(text::strip(stripped) == stripped);
  TASKFLOW_FUZZ_CHECK(stripped.empty() ||
                      (!text::is_space(stripped.front()) && !text::is_space(stripped.back())));
  return 0;
}
