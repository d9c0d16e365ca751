#include "taskflow/core/uuid.hpp"

#include <array>
#include <cstdint>
#include <random>

#include <fmt/format.h>

namespace taskflow {

std::string uuid_v4() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::array<std::uint64_t, 2> bits{random(), random()};
  bits[0] = (bits[0] & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  bits[1] = (bits[1] & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", bits[0] >> 32, (bits[0] >> 16) & 0xffff,
                     bits[0] & 0xffff, bits[1] >> 48, bits[1] & 0xffffffffffffULL);
}

}  // namespace taskflow
