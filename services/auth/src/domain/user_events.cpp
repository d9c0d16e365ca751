#include "domain/user_events.hpp"

namespace taskflow::auth {

nlohmann::json directory_data(const DirectoryEntry& entry) {
  return {{"id", entry.id},
          {"username", entry.username},
          {"email", entry.email},
          {"first_name", entry.first_name},
          {"last_name", entry.last_name}};
}

std::optional<events::EventType> event_for_profile_update(const DirectoryEntry& before,
                                                          const DirectoryEntry& after) {
  if (before == after) return std::nullopt;
  return events::EventType::user_updated;
}

}  // namespace taskflow::auth
