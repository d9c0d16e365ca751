#include "app/user_directory_feed.hpp"

#include <chrono>
#include <variant>

#include "app/user_directory.hpp"
#include "taskflow/amqp/topology.hpp"

namespace taskflow::tasks {

UserDirectoryFeed::UserDirectoryFeed(UserDirectoryFeedOptions options, http::Metrics& metrics)
    : db_(options.database_url, pg::PoolOptions{.size = 1}),
      applied_(metrics.counter("tasks_user_events_applied_total",
                               "User events written to the user directory.")),
      stale_(metrics.counter("tasks_user_events_stale_total",
                             "User events older than the directory's row (ignored).")),
      dead_lettered_(metrics.counter("tasks_user_events_dead_lettered_total",
                                     "User event messages that could never be applied.")),
      failures_(metrics.counter("tasks_user_directory_failures_total",
                                "Failed attempts to apply a user event (retried).")),
      consumer_(
          options.amqp_url,
          amqp::ConsumerOptions{
              .queue = std::string(amqp::topology::kUserDirectoryQueue),
              .prefetch = 100,
              .setup = amqp::topology::declare_user_directory_queue,
              .handler = [this](const amqp::Delivery& delivery) { return on_delivery(delivery); },
              .connection = {.timeout = std::chrono::milliseconds(2000),
                             .heartbeat = std::chrono::seconds(10),
                             .name = options.connection_name},
          }),
      worker_(consumer_, {.on_failure = [this](const std::exception&) { ++failures_; }}) {}

UserDirectoryFeed::~UserDirectoryFeed() {
  stop();
}

void UserDirectoryFeed::start() {
  worker_.start();
  consumer_.start();
}

void UserDirectoryFeed::stop() {
  worker_.stop();
  consumer_.stop();
}

amqp::Decision UserDirectoryFeed::on_delivery(const amqp::Delivery& delivery) {
  auto parsed = parse_user_event(delivery.body);
  if (auto* invalid = std::get_if<InvalidUserEvent>(&parsed)) {
    ++dead_lettered_;
    return amqp::dead_letter(delivery, "a user event", invalid->reason);
  }
  return worker_.defer(delivery,
                       [this, event = std::get<UserEvent>(std::move(parsed))] { apply(event); });
}

void UserDirectoryFeed::apply(const UserEvent& event) {
  auto applied = db_.with_connection([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto done = apply_user_event(tx, event);
    tx.commit();
    return done;
  });
  ++(applied ? applied_ : stale_);
}

}  // namespace taskflow::tasks
