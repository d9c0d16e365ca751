#pragma once
#include <memory>

struct redisContext;

namespace taskflow::redis::detail {

// Owns a hiredis connection without making every includer see hiredis.h.
struct ContextDeleter {
  void operator()(redisContext* context) const noexcept;
};
using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;

}  // namespace taskflow::redis::detail
