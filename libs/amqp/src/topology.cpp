#include "taskflow/amqp/topology.hpp"

#include <initializer_list>
#include <string>

namespace taskflow::amqp::topology {
namespace {

// A durable queue bound to the events exchange, whose rejected messages go to a dead-letter
// queue through a fanout exchange of its own.
void declare_consumer_queue(Connection& connection, std::string_view queue,
                            std::initializer_list<std::string_view> bindings,
                            std::string_view dead_letter_exchange,
                            std::string_view dead_letter_queue) {
  declare_events_exchange(connection);
  connection.declare_exchange(dead_letter_exchange, "fanout", /*durable=*/true);
  connection.declare_queue(dead_letter_queue, /*durable=*/true);
  connection.bind_queue(dead_letter_queue, dead_letter_exchange, "");
  connection.declare_queue(
      queue, /*durable=*/true,
      Arguments{{"x-dead-letter-exchange", std::string(dead_letter_exchange)}});
  for (auto binding : bindings) connection.bind_queue(queue, kEventsExchange, binding);
}

}  // namespace

void declare_events_exchange(Connection& connection) {
  connection.declare_exchange(kEventsExchange, "topic", /*durable=*/true);
}

void declare_notifications_queue(Connection& connection) {
  declare_consumer_queue(connection, kNotificationsQueue, {kNotificationsBinding},
                         kNotificationsDeadLetterExchange, kNotificationsDeadLetterQueue);
}

void declare_user_directory_queue(Connection& connection) {
  declare_consumer_queue(connection, kUserDirectoryQueue,
                         {events::routing_key_for(events::EventType::user_registered),
                          events::routing_key_for(events::EventType::user_updated)},
                         kUserDirectoryDeadLetterExchange, kUserDirectoryDeadLetterQueue);
}

}  // namespace taskflow::amqp::topology
