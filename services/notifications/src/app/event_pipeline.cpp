#include "app/event_pipeline.hpp"

#include <chrono>

#include "domain/notification.hpp"
#include "taskflow/amqp/topology.hpp"
#include "taskflow/core/log.hpp"

namespace taskflow::notifications {

EventPipeline::EventPipeline(EventPipelineOptions options, http::Metrics& metrics)
    : redis_(options.redis_url, redis::PoolOptions{.size = 1}),
      store_(redis_, options.store),
      stored_(metrics.counter("notifications_stored_total", "Notifications stored from events.")),
      duplicates_(metrics.counter("notifications_duplicate_events_total",
                                  "Events delivered again after being stored (dropped).")),
      ignored_(metrics.counter("notifications_ignored_events_total",
                               "Events that make no notification (task_deleted).")),
      dead_lettered_(metrics.counter("notifications_dead_lettered_total",
                                     "Messages that could never be processed, dead-lettered.")),
      store_failures_(metrics.counter("notifications_store_failures_total",
                                      "Failed attempts to store a notification (retried).")),
      consumer_(
          options.amqp_url,
          amqp::ConsumerOptions{
              .queue = std::string(amqp::topology::kNotificationsQueue),
              .prefetch = options.prefetch,
              .setup =
                  [](amqp::Connection& connection) {
                    amqp::topology::declare_notifications_queue(connection);
                  },
              .handler = [this](const amqp::Delivery& delivery) { return on_delivery(delivery); },
              .connection = {.timeout = std::chrono::milliseconds(2000),
                             .heartbeat = std::chrono::seconds(10),
                             .name = options.connection_name},
          }),
      store_thread_(consumer_,
                    {.on_failure = [this](const std::exception&) { ++store_failures_; }}) {}

EventPipeline::~EventPipeline() {
  stop();
}

void EventPipeline::start() {
  store_thread_.start();
  consumer_.start();
}

void EventPipeline::stop() {
  store_thread_.stop();
  consumer_.stop();
}

amqp::Decision EventPipeline::on_delivery(const amqp::Delivery& delivery) {
  auto parsed = parse_message(delivery.body);
  if (auto* poison = std::get_if<PoisonMessage>(&parsed)) {
    ++dead_lettered_;
    return amqp::dead_letter(delivery, "an event", poison->reason);
  }
  if (auto* silent = std::get_if<SilentEvent>(&parsed)) {
    ++ignored_;
    log::debug("event makes no notification",
               {{"event_id", silent->id}, {"type", event_type_name(silent->kind)}});
    return amqp::Decision::ack;
  }
  return store_thread_.defer(
      delivery, [this, event = std::get<TaskEvent>(std::move(parsed))] { store(event); });
}

void EventPipeline::store(const TaskEvent& event) {
  auto now = std::chrono::system_clock::now();
  if (auto frame = task_changed_frame(event)) {
    store_.publish_change(event.audience->member_ids, *frame);
  }
  const auto recipients = notification_recipients(event);
  if (recipients.empty()) return;
  auto notification = to_json(make_notification(event, now), false);
  // One insert each, deduplicated per user on the event id: a retry after a failure part way
  // through stores only what is missing.
  for (const auto user : recipients) {
    auto inserted = store_.insert(user, notification, event.occurred_at.value_or(now), now);
    ++(inserted.stored ? stored_ : duplicates_);
  }
}

}  // namespace taskflow::notifications
