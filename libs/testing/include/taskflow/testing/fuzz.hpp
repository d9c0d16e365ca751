#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// What the libFuzzer targets (libs/*/fuzz, services/*/fuzz) share. Header-only: the targets are
// built without the test libraries (the fuzz preset has TASKFLOW_BUILD_TESTS=OFF).

// An invariant of the code under test: when it fails, the message goes to stderr and the process
// aborts, so libFuzzer keeps the input as a crash.
#define TASKFLOW_FUZZ_CHECK(condition)                                                            \
  do {                                                                                            \
    if (!(condition)) {                                                                           \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                               \
    }                                                                                             \
  } while (false)

namespace taskflow::testing {

// libFuzzer's bytes as text.
inline std::string_view fuzz_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// For targets that try several functions: the first byte picks one, '0' the first, '1' the
// second and so on (any byte picks one, so every mutation stays useful), the rest is the input.
struct ModeAndInput {
  unsigned mode = 0;
  std::string_view input;
};

inline ModeAndInput split_mode(std::string_view bytes, unsigned modes) {
  if (bytes.empty()) return {};
  const auto selector = static_cast<unsigned char>(bytes.front() - '0');
  return {selector % modes, bytes.substr(1)};
}

}  // namespace taskflow::testing
