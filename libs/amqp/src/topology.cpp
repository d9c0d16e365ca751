#include "taskflow/amqp/topology.hpp"

#include <string>

namespace taskflow::amqp::topology {

void declare_events_exchange(Connection& connection) {
  connection.declare_exchange(kEventsExchange, "topic", /*durable=*/true);
}

void declare_notifications_queue(Connection& connection) {
  declare_events_exchange(connection);
  connection.declare_exchange(kNotificationsDeadLetterExchange, "fanout", /*durable=*/true);
  connection.declare_queue(kNotificationsDeadLetterQueue, /*durable=*/true);
  connection.bind_queue(kNotificationsDeadLetterQueue, kNotificationsDeadLetterExchange, "");
  connection.declare_queue(
      kNotificationsQueue, /*durable=*/true,
      Arguments{{"x-dead-letter-exchange", std::string(kNotificationsDeadLetterExchange)}});
  connection.bind_queue(kNotificationsQueue, kEventsExchange, kNotificationsBinding);
}

}  // namespace taskflow::amqp::topology
