#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "taskflow/events/catalogue.hpp"

// The user events (libs/events/catalogue.json) the auth service writes to its outbox, from
// which the other services keep a directory of users without reading this database.
namespace taskflow::auth {

// What a directory knows of a user: the events' data.
struct DirectoryEntry {
  std::int64_t id = 0;
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;

  bool operator==(const DirectoryEntry&) const = default;
};

// {"id", "username", "email", "first_name", "last_name"}
nlohmann::json directory_data(const DirectoryEntry& entry);

// A profile update emits user_updated when a field the directory keeps changed, else nothing
// (a PATCH with the same values says nothing new).
std::optional<events::EventType> event_for_profile_update(const DirectoryEntry& before,
                                                          const DirectoryEntry& after);

}  // namespace taskflow::auth
