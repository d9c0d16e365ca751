#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "taskflow/events/event_type.hpp"

namespace taskflow::events {

// The body of every event on the exchange, whoever publishes it:
// {"id", "type", "occurred_at", "user_id", "data"}. id is the idempotency key (also the AMQP
// message_id), occurred_at an ISO 8601 UTC timestamp, user_id the user the event is about or
// for, data the object it carries (the task, the user).
nlohmann::json make_message(EventType type, std::string_view event_id, std::string occurred_at,
                            std::int64_t user_id, nlohmann::json data);

}  // namespace taskflow::events
