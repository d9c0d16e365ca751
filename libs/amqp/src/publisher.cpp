#include "taskflow/amqp/publisher.hpp"

#include <algorithm>
#include <exception>

#include <fmt/format.h>

#include "taskflow/core/log.hpp"

#include "batch_confirms.hpp"
#include "rabbitmq.hpp"
#include "socket_watchdog.hpp"

namespace taskflow::amqp {
namespace {

using detail::bytes;
using detail::unavailable;

std::chrono::milliseconds until(std::chrono::steady_clock::time_point deadline) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                               std::chrono::steady_clock::now());
}

}  // namespace

Publisher::Publisher(std::string_view url, PublisherOptions options)
    : endpoint_(parse_url(url)),
      options_(std::move(options)),
      watchdog_(std::make_unique<SocketWatchdog>()) {}

Publisher::~Publisher() {
  if (connection_) connection_->close();
}

PublishResult Publisher::publish_batch(const std::vector<Message>& messages,
                                       std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  PublishResult result{.confirmed = std::vector<bool>(messages.size(), false), .failure = {}};
  if (connection_) {
    try {
      read_pending_frames();
    } catch (const std::exception& e) {
      // Typically the broker restarted or dropped an idle connection: reconnect right away,
      // before any message is risked on a dead socket.
      log::info("rabbitmq publisher connection lost, reconnecting", {{"error", e.what()}});
      connection_.reset();
    }
  }
  try {
    ensure_connected(deadline);
    if (!messages.empty()) {
      // Sends have no timeout in rabbitmq-c: the watchdog bounds them by the deadline. When it
      // fires, the call in progress fails with a socket error, reported as the timeout it is.
      auto guard = watchdog_->arm(amqp_get_sockfd(connection_->native_handle()), deadline);
      auto first_tag = next_delivery_tag_;
      try {
        for (const auto& message : messages) publish(message);
      } catch (const std::exception&) {
        if (guard.disarm()) throw unavailable("timed out sending (the broker stopped reading)");
        throw;
      }
      try {
        result.failure = await_confirms(first_tag, result.confirmed, deadline);
      } catch (const std::exception&) {
        if (guard.disarm()) throw unavailable("timed out waiting for confirms");
        throw;
      }
    }
  } catch (const std::exception& e) {
    result.failure = e.what();
    drop_connection(result.failure);
    return result;
  }
  if (!connected_.exchange(true) || outage_logged_) {
    log::info("rabbitmq publisher connected", {{"endpoint", endpoint_.redacted()}});
    outage_logged_ = false;
  }
  return result;
}

void Publisher::ensure_connected(Clock::time_point deadline) {
  if (connection_) return;
  auto options = options_.connection;
  options.timeout = std::min(options.timeout, until(deadline));
  if (options.timeout <= std::chrono::milliseconds::zero()) {
    throw unavailable("no time left to connect");
  }
  auto connection = std::make_unique<Connection>(endpoint_, options);
  auto* state = connection->native_handle();
  {
    // The rpc timeout restarts with every method setup sends: the watchdog bounds them all.
    auto guard = watchdog_->arm(amqp_get_sockfd(state), deadline);
    try {
      amqp_confirm_select(state, Connection::channel);
      detail::expect_success(state, "enable publisher confirms");
      if (options_.setup) options_.setup(*connection);
    } catch (const std::exception&) {
      if (guard.disarm()) throw unavailable("timed out setting up the connection");
      throw;
    }
  }
  connection_ = std::move(connection);
  next_delivery_tag_ = 1;
}

void Publisher::read_pending_frames() {
  auto* state = connection_->native_handle();
  timeval no_wait{};
  for (;;) {
    amqp_frame_t frame;
    int status = amqp_simple_wait_frame_noblock(state, &frame, &no_wait);
    if (status == AMQP_STATUS_TIMEOUT) return;
    if (status != AMQP_STATUS_OK) throw unavailable(amqp_error_string2(status));
    if (detail::is_close(frame)) throw unavailable(detail::describe(frame.payload.method));
    amqp_maybe_release_buffers(state);
  }
}

void Publisher::publish(const Message& message) {
  std::vector<amqp_table_entry_t> headers;
  headers.reserve(message.headers.size());
  for (const auto& [key, value] : message.headers) {
    amqp_table_entry_t entry{};
    entry.key = bytes(key);
    entry.value.kind = AMQP_FIELD_KIND_UTF8;
    entry.value.value.bytes = bytes(value);
    headers.push_back(entry);
  }
  amqp_basic_properties_t properties{};
  properties._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
  properties.content_type = bytes(message.content_type);
  properties.delivery_mode =
      message.persistent ? AMQP_DELIVERY_PERSISTENT : AMQP_DELIVERY_NONPERSISTENT;
  if (!message.message_id.empty()) {
    properties._flags |= AMQP_BASIC_MESSAGE_ID_FLAG;
    properties.message_id = bytes(message.message_id);
  }
  if (!headers.empty()) {
    properties._flags |= AMQP_BASIC_HEADERS_FLAG;
    properties.headers = {.num_entries = static_cast<int>(headers.size()),
                          .entries = headers.data()};
  }
  int status =
      amqp_basic_publish(connection_->native_handle(), Connection::channel, bytes(message.exchange),
                         bytes(message.routing_key),
                         /*mandatory=*/0, /*immediate=*/0, &properties, bytes(message.body));
  if (status != AMQP_STATUS_OK) {
    throw unavailable(fmt::format("publish: {}", amqp_error_string2(status)));
  }
  ++next_delivery_tag_;
}

std::string Publisher::await_confirms(std::uint64_t first_tag, std::vector<bool>& confirmed,
                                      Clock::time_point deadline) {
  auto* state = connection_->native_handle();
  BatchConfirms confirms(first_tag, confirmed);
  while (confirms.unsettled() > 0) {
    auto remaining = until(deadline);
    if (remaining <= std::chrono::milliseconds::zero()) {
      throw unavailable(fmt::format("timed out waiting for confirms ({} of {} unconfirmed)",
                                    confirms.unsettled(), confirmed.size()));
    }
    auto wait = detail::to_timeval(remaining);
    amqp_frame_t frame;
    int status = amqp_simple_wait_frame_noblock(state, &frame, &wait);
    if (status == AMQP_STATUS_TIMEOUT) continue;
    if (status != AMQP_STATUS_OK) throw unavailable(amqp_error_string2(status));
    if (detail::is_close(frame)) throw unavailable(detail::describe(frame.payload.method));
    if (frame.frame_type == AMQP_FRAME_METHOD) {
      const auto& method = frame.payload.method;
      if (method.id == AMQP_BASIC_ACK_METHOD) {
        const auto& ack = *static_cast<const amqp_basic_ack_t*>(method.decoded);
        confirms.settle(ack.delivery_tag, ack.multiple != 0, true);
      } else if (method.id == AMQP_BASIC_NACK_METHOD) {
        const auto& nack = *static_cast<const amqp_basic_nack_t*>(method.decoded);
        confirms.settle(nack.delivery_tag, nack.multiple != 0, false);
      } else if (method.id == AMQP_CONNECTION_BLOCKED_METHOD) {
        const auto& blocked = *static_cast<const amqp_connection_blocked_t*>(method.decoded);
        log::warn("rabbitmq blocks publishing", {{"reason", detail::to_string(blocked.reason)}});
      }
    }
    amqp_maybe_release_buffers(state);
  }
  if (confirms.nacked() == 0) return {};
  return fmt::format("{} of {} messages nacked by the broker", confirms.nacked(), confirmed.size());
}

void Publisher::drop_connection(const std::string& reason) {
  connection_.reset();
  connected_ = false;
  if (!outage_logged_) {
    log::warn("rabbitmq publish failed, reconnecting on the next call", {{"error", reason}});
    outage_logged_ = true;
  }
}

}  // namespace taskflow::amqp
