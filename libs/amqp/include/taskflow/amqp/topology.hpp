#pragma once
#include <string_view>

#include "taskflow/amqp/connection.hpp"
#include "taskflow/events/catalogue.hpp"

// The exchanges, queues and bindings TaskFlow's services share, declared from one place so
// every declarer passes the same arguments (RabbitMQ refuses a redeclaration that differs).
namespace taskflow::amqp::topology {

// The task events (libs/events/catalogue.json): a durable topic exchange, routing keys
// task.created, task.updated, ...
inline constexpr std::string_view kEventsExchange = events::kExchange;

// The notifications service's durable queue for every task event, and where the messages it
// can never process go (a fanout exchange with one durable queue).
inline constexpr std::string_view kNotificationsQueue = "notifications.events";
inline constexpr std::string_view kNotificationsBinding = "task.#";
inline constexpr std::string_view kNotificationsDeadLetterExchange = "notifications.dead-letter";
inline constexpr std::string_view kNotificationsDeadLetterQueue = "notifications.dead";

void declare_events_exchange(Connection& connection);

// Declares the events exchange, the notifications queue bound to it, and its dead-letter
// exchange and queue. Idempotent. The notifications consumer calls it on every (re)connect; the
// tasks relay calls it too, so events published before the notifications service first starts
// are queued rather than dropped by the broker.
void declare_notifications_queue(Connection& connection);

}  // namespace taskflow::amqp::topology
