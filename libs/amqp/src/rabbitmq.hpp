#pragma once
// rabbitmq-c plumbing shared by Connection, Publisher and Consumer.
#include <sys/time.h>

#include <amqp.h>

#include <chrono>
#include <string>
#include <string_view>

#include "taskflow/core/errors.hpp"

namespace taskflow::amqp::detail {

inline DependencyUnavailable unavailable(const std::string& reason) {
  return DependencyUnavailable("rabbitmq", reason);
}

// rabbitmq-c never writes through these pointers; its API just lacks const.
inline amqp_bytes_t bytes(std::string_view text) {
  return {.len = text.size(), .bytes = const_cast<char*>(text.data())};
}

inline std::string to_string(amqp_bytes_t bytes) {
  if (bytes.len == 0) return {};
  return {static_cast<const char*>(bytes.bytes), bytes.len};
}

inline timeval to_timeval(std::chrono::microseconds duration) {
  if (duration.count() < 0) duration = {};
  return {.tv_sec = static_cast<time_t>(duration.count() / 1'000'000),
          .tv_usec = static_cast<suseconds_t>(duration.count() % 1'000'000)};
}

// "channel closed by the broker: 404 NOT_FOUND - no exchange 'x' in vhost '/'" for a
// channel.close or connection.close method, the method's name for anything else.
std::string describe(const amqp_method_t& method);

// A failed call's reply as one readable line.
std::string describe(const amqp_rpc_reply_t& reply);

// Throws DependencyUnavailable("rabbitmq", "<operation>: <reason>") unless the last
// synchronous method on the connection succeeded.
void expect_success(amqp_connection_state_t state, std::string_view operation);

// The frame is a channel.close or connection.close: the broker ended the conversation.
bool is_close(const amqp_frame_t& frame);

}  // namespace taskflow::amqp::detail
