#include "taskflow/amqp/connection.hpp"

#include <amqp_tcp_socket.h>

#include <chrono>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "rabbitmq.hpp"

namespace taskflow::amqp {
namespace detail {

std::string describe(const amqp_method_t& method) {
  if (method.id == AMQP_CONNECTION_CLOSE_METHOD) {
    const auto& close = *static_cast<const amqp_connection_close_t*>(method.decoded);
    return fmt::format("connection closed by the broker: {} {}", close.reply_code,
                       to_string(close.reply_text));
  }
  if (method.id == AMQP_CHANNEL_CLOSE_METHOD) {
    const auto& close = *static_cast<const amqp_channel_close_t*>(method.decoded);
    return fmt::format("channel closed by the broker: {} {}", close.reply_code,
                       to_string(close.reply_text));
  }
  return fmt::format("unexpected {}", amqp_method_name(method.id));
}

std::string describe(const amqp_rpc_reply_t& reply) {
  switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
      return "success";
    case AMQP_RESPONSE_NONE:
      return "no reply";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      return amqp_error_string2(reply.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      return describe(reply.reply);
  }
  return "unknown reply";
}

void expect_success(amqp_connection_state_t state, std::string_view operation) {
  auto reply = amqp_get_rpc_reply(state);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    throw unavailable(fmt::format("{}: {}", operation, describe(reply)));
  }
}

bool is_close(const amqp_frame_t& frame) {
  return frame.frame_type == AMQP_FRAME_METHOD &&
         (frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD ||
          frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD);
}

}  // namespace detail

namespace {

using detail::bytes;
using detail::unavailable;

// An amqp_table_t view of Arguments: it points into them, so they must outlive it.
class Table {
 public:
  explicit Table(const Arguments& arguments) {
    entries_.reserve(arguments.size());
    for (const auto& [key, value] : arguments) {
      amqp_table_entry_t entry{};
      entry.key = bytes(key);
      std::visit(
          [&entry](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::string>) {
              entry.value.kind = AMQP_FIELD_KIND_UTF8;
              entry.value.value.bytes = bytes(v);
            } else if constexpr (std::is_same_v<V, bool>) {
              entry.value.kind = AMQP_FIELD_KIND_BOOLEAN;
              entry.value.value.boolean = v ? 1 : 0;
            } else {
              entry.value.kind = AMQP_FIELD_KIND_I64;
              entry.value.value.i64 = v;
            }
          },
          value);
      entries_.push_back(entry);
    }
  }
  amqp_table_t get() {
    return {.num_entries = static_cast<int>(entries_.size()), .entries = entries_.data()};
  }

 private:
  std::vector<amqp_table_entry_t> entries_;
};

amqp_table_entry_t bool_entry(const char* key, bool value) {
  amqp_table_entry_t entry{};
  entry.key = amqp_cstring_bytes(key);
  entry.value.kind = AMQP_FIELD_KIND_BOOLEAN;
  entry.value.value.boolean = value ? 1 : 0;
  return entry;
}

}  // namespace

void Connection::StateDeleter::operator()(amqp_connection_state_t_* state) const noexcept {
  amqp_destroy_connection(state);
}

Connection::Connection(const Endpoint& endpoint, const ConnectionOptions& options)
    : state_(amqp_new_connection()) {
  if (!state_) throw unavailable("out of memory");
  auto* state = state_.get();
  amqp_socket_t* socket = amqp_tcp_socket_new(state);  // owned by the connection state
  if (socket == nullptr) throw unavailable("out of memory");
  // One deadline for connecting, logging in and opening the channel.
  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  auto remaining = [deadline] {
    return detail::to_timeval(std::chrono::duration_cast<std::chrono::microseconds>(
        deadline - std::chrono::steady_clock::now()));
  };
  auto timeout = remaining();
  if (int status = amqp_socket_open_noblock(socket, endpoint.host.c_str(), endpoint.port, &timeout);
      status != AMQP_STATUS_OK) {
    // rabbitmq-c drops the errno of a failed connect; timeouts and DNS failures have codes.
    throw unavailable(fmt::format(
        "connect to {}:{}: {}{}", endpoint.host, endpoint.port, amqp_error_string2(status),
        status == AMQP_STATUS_SOCKET_ERROR ? " (refused or unreachable)" : ""));
  }
  timeout = remaining();
  amqp_set_handshake_timeout(state, &timeout);
  amqp_set_rpc_timeout(state, &timeout);

  // consumer_cancel_notify: a deleted queue ends the consumer with basic.cancel instead of
  // silence; connection.blocked: the broker says when it stops reading from publishers.
  amqp_table_entry_t capabilities[] = {bool_entry("consumer_cancel_notify", true),
                                       bool_entry("connection.blocked", true)};
  std::vector<amqp_table_entry_t> properties;
  amqp_table_entry_t capabilities_entry{};
  capabilities_entry.key = amqp_cstring_bytes("capabilities");
  capabilities_entry.value.kind = AMQP_FIELD_KIND_TABLE;
  capabilities_entry.value.value.table = {.num_entries = static_cast<int>(std::size(capabilities)),
                                          .entries = capabilities};
  properties.push_back(capabilities_entry);
  if (!options.name.empty()) {
    amqp_table_entry_t name_entry{};
    name_entry.key = amqp_cstring_bytes("connection_name");
    name_entry.value.kind = AMQP_FIELD_KIND_UTF8;
    name_entry.value.value.bytes = bytes(options.name);
    properties.push_back(name_entry);
  }
  amqp_table_t client_properties{.num_entries = static_cast<int>(properties.size()),
                                 .entries = properties.data()};
  auto login = amqp_login_with_properties(state, endpoint.vhost.c_str(), 0, AMQP_DEFAULT_FRAME_SIZE,
                                          static_cast<int>(options.heartbeat.count()),
                                          &client_properties, AMQP_SASL_METHOD_PLAIN,
                                          endpoint.user.c_str(), endpoint.password.c_str());
  if (login.reply_type != AMQP_RESPONSE_NORMAL) {
    throw unavailable(
        fmt::format("log in to {}: {}", endpoint.redacted(), detail::describe(login)));
  }
  amqp_channel_open(state, channel);
  detail::expect_success(state, "open channel");
  auto rpc_timeout = detail::to_timeval(options.timeout);
  amqp_set_rpc_timeout(state, &rpc_timeout);
}

Connection::~Connection() = default;

void Connection::declare_exchange(std::string_view name, std::string_view type, bool durable,
                                  const Arguments& arguments) {
  Table table(arguments);
  amqp_exchange_declare(state_.get(), channel, bytes(name), bytes(type), /*passive=*/0, durable,
                        /*auto_delete=*/0, /*internal=*/0, table.get());
  detail::expect_success(state_.get(), fmt::format("declare exchange '{}'", name));
}

QueueState Connection::declare_queue(std::string_view name, bool durable,
                                     const Arguments& arguments) {
  Table table(arguments);
  auto* declared = amqp_queue_declare(state_.get(), channel, bytes(name), /*passive=*/0, durable,
                                      /*exclusive=*/0, /*auto_delete=*/0, table.get());
  detail::expect_success(state_.get(), fmt::format("declare queue '{}'", name));
  return {.ready_messages = declared->message_count, .consumers = declared->consumer_count};
}

void Connection::bind_queue(std::string_view queue, std::string_view exchange,
                            std::string_view binding_key) {
  amqp_queue_bind(state_.get(), channel, bytes(queue), bytes(exchange), bytes(binding_key),
                  amqp_empty_table);
  detail::expect_success(
      state_.get(), fmt::format("bind queue '{}' to '{}' as '{}'", queue, exchange, binding_key));
}

void Connection::close() noexcept {
  if (closed_) return;
  closed_ = true;
  amqp_connection_close(state_.get(), AMQP_REPLY_SUCCESS);
}

}  // namespace taskflow::amqp
