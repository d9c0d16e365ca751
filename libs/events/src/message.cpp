#include "taskflow/events/message.hpp"

#include "taskflow/events/catalogue.hpp"

namespace taskflow::events {

nlohmann::json make_message(EventType type, std::string_view event_id, std::string occurred_at,
                            std::int64_t user_id, nlohmann::json data) {
  return {{"id", std::string(event_id)},
          {"type", std::string(event_type_name(type))},
          {"occurred_at", std::move(occurred_at)},
          {"user_id", user_id},
          {"data", std::move(data)}};
}

}  // namespace taskflow::events
