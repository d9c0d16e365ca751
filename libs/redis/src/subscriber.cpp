#include "taskflow/redis/subscriber.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "taskflow/core/log.hpp"

#include "connection.hpp"

namespace taskflow::redis {
namespace {

bool is_kind(const Reply& reply, std::string_view kind, std::size_t elements) {
  return reply.type() == Reply::Type::array && reply.elements().size() == elements &&
         reply.elements()[0].type() == Reply::Type::string &&
         reply.elements()[0].as_string() == kind;
}

bool is_confirmation(const Reply& reply) {
  return is_kind(reply, "subscribe", 3) || is_kind(reply, "psubscribe", 3);
}

void append_subscribe(redisContext& context, std::string_view verb,
                      const std::vector<std::string>& names) {
  if (names.empty()) return;
  std::vector<std::string_view> command{verb};
  command.insert(command.end(), names.begin(), names.end());
  detail::append(context, command);
}

}  // namespace

Subscriber::Subscriber(std::string_view url, Subscription subscription, SubscriberOptions options)
    : endpoint_(parse_url(url)), subscription_(std::move(subscription)), options_(options) {
  if (subscription_.channels.empty() && subscription_.patterns.empty()) {
    throw std::invalid_argument("redis subscriber: no channels or patterns to subscribe to");
  }
}

Subscriber::~Subscriber() {
  stop();
}

void Subscriber::start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
}

void Subscriber::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
  connected_ = false;
}

void Subscriber::run(std::stop_token stop) {
  auto delay = options_.first_retry_delay;
  bool outage_logged = false;
  while (!stop.stop_requested()) {
    try {
      subscribe_and_listen(stop);
    } catch (const std::exception& e) {
      if (connected_.exchange(false)) {
        delay = options_.first_retry_delay;
        outage_logged = false;
      }
      if (!outage_logged) {
        log::warn("redis subscriber not connected, retrying", {{"error", e.what()}});
        outage_logged = true;
      }
    }
    std::unique_lock lock(retry_mutex_);
    retry_wait_.wait_for(lock, stop, delay, [] { return false; });
    delay = std::min(delay * 2, options_.max_retry_delay);
  }
}

void Subscriber::subscribe_and_listen(std::stop_token stop) {
  // The subscription handshake may use hiredis's own timed reads: a timeout there is a failure.
  auto context = detail::connect(endpoint_, options_.connect_timeout, options_.connect_timeout);
  append_subscribe(*context, "SUBSCRIBE", subscription_.channels);
  append_subscribe(*context, "PSUBSCRIBE", subscription_.patterns);
  auto unconfirmed = subscription_.channels.size() + subscription_.patterns.size();
  std::vector<Reply> early_messages;  // published between the first and the last confirmation
  while (unconfirmed > 0) {
    Reply reply = detail::next_reply(*context);
    if (reply.is_error()) throw std::runtime_error("subscribe failed: " + reply.error_message());
    if (is_confirmation(reply)) {
      --unconfirmed;
    } else {
      early_messages.push_back(std::move(reply));
    }
  }
  if (subscription_.on_connected) subscription_.on_connected();
  connected_ = true;
  log::info("redis subscriber connected",
            {{"channels", subscription_.channels}, {"patterns", subscription_.patterns}});
  for (const auto& message : early_messages) deliver(message);

  // From here on replies are read only when poll() says bytes arrived: a hiredis read that
  // times out leaves the context unusable, and quiet channels are normal.
  while (!stop.stop_requested()) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(context.get(), &raw) != REDIS_OK) throw detail::failure(*context);
    if (raw != nullptr) {
      detail::ReplyPtr reply(static_cast<redisReply*>(raw));
      deliver(Reply::from_hiredis(*reply));
      continue;
    }
    pollfd readable{.fd = context->fd, .events = POLLIN, .revents = 0};
    int ready = poll(&readable, 1, static_cast<int>(options_.poll_interval.count()));
    if (ready < 0 && errno != EINTR) {
      throw std::system_error(errno, std::generic_category(), "poll");
    }
    if (ready > 0 && redisBufferRead(context.get()) != REDIS_OK) throw detail::failure(*context);
  }
}

void Subscriber::deliver(const Reply& reply) {
  const std::string* channel = nullptr;
  const std::string* payload = nullptr;
  if (is_kind(reply, "message", 3)) {
    channel = &reply.elements()[1].as_string();
    payload = &reply.elements()[2].as_string();
  } else if (is_kind(reply, "pmessage", 4)) {
    channel = &reply.elements()[2].as_string();
    payload = &reply.elements()[3].as_string();
  } else {
    return;  // confirmations and the like
  }
  if (!subscription_.on_message) return;
  try {
    subscription_.on_message(*channel, *payload);
  } catch (const std::exception& e) {
    // One bad message must not cost the subscription.
    log::error("redis message handler failed", {{"channel", *channel}, {"error", e.what()}});
  }
}

}  // namespace taskflow::redis
