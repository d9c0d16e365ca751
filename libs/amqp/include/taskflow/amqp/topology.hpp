#pragma once
#include <string_view>

#include "taskflow/amqp/connection.hpp"
#include "taskflow/events/catalogue.hpp"

// The exchanges, queues and bindings TaskFlow's services share, declared from one place so
// every declarer passes the same arguments (RabbitMQ refuses a redeclaration that differs).
namespace taskflow::amqp::topology {

// The events (libs/events/catalogue.json): a durable topic exchange, routing keys
// task.created, task.updated, ..., user.registered, user.updated.
inline constexpr std::string_view kEventsExchange = events::kExchange;

// The notifications service's durable queue for every task event, and where the messages it
// can never process go (a fanout exchange with one durable queue).
inline constexpr std::string_view kNotificationsQueue = "notifications.events";
inline constexpr std::string_view kNotificationsBinding = "task.#";
inline constexpr std::string_view kNotificationsDeadLetterExchange = "notifications.dead-letter";
inline constexpr std::string_view kNotificationsDeadLetterQueue = "notifications.dead";

// The tasks service's durable queue for the user events it keeps its user directory from
// (bound to user.registered and user.updated), and its dead letters.
inline constexpr std::string_view kUserDirectoryQueue = "tasks.users";
inline constexpr std::string_view kUserDirectoryDeadLetterExchange = "tasks.users.dead-letter";
inline constexpr std::string_view kUserDirectoryDeadLetterQueue = "tasks.users.dead";

void declare_events_exchange(Connection& connection);

// Declares the events exchange, the notifications queue bound to it, and its dead-letter
// exchange and queue. Idempotent. The notifications consumer calls it on every (re)connect; the
// tasks relay calls it too, so events published before the notifications service first starts
// are queued rather than dropped by the broker.
void declare_notifications_queue(Connection& connection);

// The same for the user directory's queue: the tasks service's consumer and the auth relay
// call it, so the user events (the backfill of existing users included) wait for the tasks
// service even when it has never run.
void declare_user_directory_queue(Connection& connection);

}  // namespace taskflow::amqp::topology
