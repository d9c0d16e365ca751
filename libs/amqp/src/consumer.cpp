#include "taskflow/amqp/consumer.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "taskflow/core/log.hpp"

#include "rabbitmq.hpp"

namespace taskflow::amqp {
namespace {

using detail::bytes;
using detail::to_string;
using detail::unavailable;

struct EnvelopeDeleter {
  void operator()(amqp_envelope_t* envelope) const noexcept { amqp_destroy_envelope(envelope); }
};

Delivery to_delivery(const amqp_envelope_t& envelope, std::uint64_t connection_id) {
  const auto& properties = envelope.message.properties;
  auto has = [&properties](amqp_flags_t flag) { return (properties._flags & flag) != 0; };
  Delivery delivery{
      .id = {.connection = connection_id, .tag = envelope.delivery_tag},
      .exchange = to_string(envelope.exchange),
      .routing_key = to_string(envelope.routing_key),
      .body = to_string(envelope.message.body),
      .message_id = has(AMQP_BASIC_MESSAGE_ID_FLAG) ? to_string(properties.message_id) : "",
      .content_type = has(AMQP_BASIC_CONTENT_TYPE_FLAG) ? to_string(properties.content_type) : "",
      .persistent = has(AMQP_BASIC_DELIVERY_MODE_FLAG) &&
                    properties.delivery_mode == AMQP_DELIVERY_PERSISTENT,
      .redelivered = envelope.redelivered != 0,
      .headers = {},
  };
  if (has(AMQP_BASIC_HEADERS_FLAG)) {
    for (int i = 0; i < properties.headers.num_entries; ++i) {
      const auto& entry = properties.headers.entries[i];
      if (entry.value.kind == AMQP_FIELD_KIND_UTF8 || entry.value.kind == AMQP_FIELD_KIND_BYTES) {
        delivery.headers.emplace(to_string(entry.key), to_string(entry.value.value.bytes));
      }
    }
  }
  return delivery;
}

void send_decision(amqp_connection_state_t state, std::uint64_t tag, Decision decision) {
  int status = AMQP_STATUS_OK;
  switch (decision) {
    case Decision::ack:
      status = amqp_basic_ack(state, Connection::channel, tag, /*multiple=*/0);
      break;
    case Decision::reject_dead_letter:
      status = amqp_basic_reject(state, Connection::channel, tag, /*requeue=*/0);
      break;
    case Decision::requeue:
      status = amqp_basic_nack(state, Connection::channel, tag, /*multiple=*/0, /*requeue=*/1);
      break;
    case Decision::later:
      return;
  }
  if (status != AMQP_STATUS_OK) {
    throw unavailable(fmt::format("settle delivery {}: {}", tag, amqp_error_string2(status)));
  }
}

// A frame other than a delivery arrived: the broker closing the channel or connection, or
// cancelling the consumer (its queue was deleted), ends this connection.
void handle_other_frame(amqp_connection_state_t state) {
  amqp_frame_t frame;
  int status = amqp_simple_wait_frame(state, &frame);  // returns the frame put back at once
  if (status != AMQP_STATUS_OK) throw unavailable(amqp_error_string2(status));
  if (detail::is_close(frame)) throw unavailable(detail::describe(frame.payload.method));
  if (frame.frame_type == AMQP_FRAME_METHOD &&
      frame.payload.method.id == AMQP_BASIC_CANCEL_METHOD) {
    throw unavailable("the broker cancelled the consumer (queue deleted?)");
  }
}

}  // namespace

Decision dead_letter(const Delivery& delivery, std::string_view what, std::string_view reason) {
  log::warn(fmt::format("dead-lettering {} that cannot be processed", what),
            {{"reason", reason},
             {"routing_key", delivery.routing_key},
             {"message_id", delivery.message_id},
             {"body", delivery.body.substr(0, 200)}});
  return Decision::reject_dead_letter;
}

Consumer::Consumer(std::string_view url, ConsumerOptions options)
    : endpoint_(parse_url(url)), options_(std::move(options)) {
  if (options_.queue.empty()) throw std::invalid_argument("amqp consumer: no queue");
  if (!options_.handler) throw std::invalid_argument("amqp consumer: no handler");
}

Consumer::~Consumer() {
  stop();
}

void Consumer::start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
}

void Consumer::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
  connected_ = false;
}

void Consumer::settle(DeliveryId id, Decision decision) {
  if (decision == Decision::later) throw std::invalid_argument("settle: Decision::later");
  std::lock_guard lock(settlements_mutex_);
  settlements_.push_back({id, decision});
}

void Consumer::run(std::stop_token stop) {
  auto delay = options_.first_retry_delay;
  bool outage_logged = false;
  while (!stop.stop_requested()) {
    try {
      consume(stop);
    } catch (const std::exception& e) {
      if (connected_.exchange(false)) {
        delay = options_.first_retry_delay;
        outage_logged = false;
      }
      if (!outage_logged) {
        log::warn("rabbitmq consumer not connected, retrying",
                  {{"queue", options_.queue}, {"error", e.what()}});
        outage_logged = true;
      }
    }
    std::unique_lock lock(retry_mutex_);
    retry_wait_.wait_for(lock, stop, delay, [] { return false; });
    delay = std::min(delay * 2, options_.max_retry_delay);
  }
}

void Consumer::consume(std::stop_token stop) {
  Connection connection(endpoint_, options_.connection);
  auto* state = connection.native_handle();
  if (options_.setup) options_.setup(connection);
  amqp_basic_qos(state, Connection::channel, /*prefetch_size=*/0, options_.prefetch,
                 /*global=*/0);
  detail::expect_success(state, "set prefetch");
  amqp_basic_consume(state, Connection::channel, bytes(options_.queue), amqp_empty_bytes,
                     /*no_local=*/0, /*no_ack=*/0, /*exclusive=*/0, amqp_empty_table);
  detail::expect_success(state, fmt::format("consume queue '{}'", options_.queue));
  ++connection_id_;
  connected_ = true;
  log::info("rabbitmq consumer connected",
            {{"queue", options_.queue}, {"endpoint", endpoint_.redacted()}});

  auto poll_interval = detail::to_timeval(options_.poll_interval);
  while (!stop.stop_requested()) {
    send_settlements(state);
    amqp_maybe_release_buffers(state);
    amqp_envelope_t envelope{};
    auto reply = amqp_consume_message(state, &envelope, &poll_interval, 0);
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) {
      std::unique_ptr<amqp_envelope_t, EnvelopeDeleter> owned(&envelope);
      auto delivery = to_delivery(envelope, connection_id_);
      owned.reset();
      send_decision(state, delivery.id.tag, handle(delivery));
    } else if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
               reply.library_error == AMQP_STATUS_TIMEOUT) {
      continue;
    } else if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
               reply.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
      handle_other_frame(state);
    } else {
      throw unavailable(detail::describe(reply));
    }
  }
  send_settlements(state);
  connection.close();
}

Decision Consumer::handle(const Delivery& delivery) {
  try {
    return options_.handler(delivery);
  } catch (const std::exception& e) {
    // Requeued once in case the failure was passing; failing again parks it in the dead
    // letters instead of redelivering it forever.
    auto decision = delivery.redelivered ? Decision::reject_dead_letter : Decision::requeue;
    log::error("rabbitmq message handler failed",
               {{"queue", options_.queue},
                {"message_id", delivery.message_id},
                {"error", e.what()},
                {"decision", decision == Decision::requeue ? "requeue" : "dead-letter"}});
    return decision;
  }
}

void Consumer::send_settlements(amqp_connection_state_t_* state) {
  std::vector<Settlement> queued;
  {
    std::lock_guard lock(settlements_mutex_);
    queued.swap(settlements_);
  }
  for (const auto& settlement : queued) {
    // Older connections' deliveries were requeued when those connections closed.
    if (settlement.id.connection != connection_id_) continue;
    send_decision(state, settlement.id.tag, settlement.decision);
  }
}

}  // namespace taskflow::amqp
