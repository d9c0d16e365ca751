#pragma once
#include <atomic>
#include <cstdint>
#include <string>

#include "app/notification_store.hpp"
#include "domain/event.hpp"
#include "taskflow/amqp/consumer.hpp"
#include "taskflow/amqp/retrying_worker.hpp"
#include "taskflow/http/metrics.hpp"
#include "taskflow/redis/pool.hpp"

namespace taskflow::notifications {

struct EventPipelineOptions {
  std::string amqp_url;
  std::string redis_url;
  std::uint16_t prefetch = 100;
  StoreSettings store;
  std::string connection_name;  // shown in RabbitMQ's connection list
};

// Task events in, stored notifications and live changes out: each event's notification goes to
// each of its recipients (domain/event.hpp, notification_recipients), and a change to a
// project's task is published to its members' sockets. The consumer thread reads deliveries (up to
// `prefetch` unacknowledged at once) and sorts them: a message that can never be processed is
// logged and dead-lettered; a task_deleted (or any event without a notification template) is
// acknowledged; the rest go to the store thread (amqp::RetryingWorker), which writes each to
// Redis (deduplicated on the event id) and only then acknowledges it. While Redis is down the
// store thread retries the same event with backoff and acknowledges nothing, so the broker
// stops delivering at the prefetch limit and nothing is lost; after a RabbitMQ outage the
// consumer reconnects and the broker redelivers what was unacknowledged.
class EventPipeline {
 public:
  EventPipeline(EventPipelineOptions options, http::Metrics& metrics);
  ~EventPipeline();
  EventPipeline(const EventPipeline&) = delete;
  EventPipeline& operator=(const EventPipeline&) = delete;

  void start();
  // Stops storing, then closes the consumer (the broker requeues what was not acknowledged).
  void stop();

  bool consuming() const noexcept { return consumer_.connected(); }

 private:
  amqp::Decision on_delivery(const amqp::Delivery& delivery);
  // Stores one event; throws while Redis is unreachable (the worker retries).
  void store(const TaskEvent& event);

  redis::Pool redis_;
  NotificationStore store_;
  std::atomic<std::uint64_t>& stored_;
  std::atomic<std::uint64_t>& duplicates_;
  std::atomic<std::uint64_t>& ignored_;
  std::atomic<std::uint64_t>& dead_lettered_;
  std::atomic<std::uint64_t>& store_failures_;

  amqp::Consumer consumer_;
  amqp::RetryingWorker store_thread_;
};

}  // namespace taskflow::notifications
