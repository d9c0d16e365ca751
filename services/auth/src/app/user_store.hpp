#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "domain/input_validation.hpp"
#include "domain/user_events.hpp"

namespace taskflow::auth {

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
  bool is_verified = false;
  std::string created_at;  // ISO 8601, UTC
  std::string updated_at;  // ISO 8601, UTC: the occurred_at of the user event it emits
  std::string password_hash;

  // The API's user object: never any password material.
  nlohmann::json to_json() const;
  DirectoryEntry directory_entry() const;
};

// Why a write did not happen: a duplicate email or username, or the user is gone.
enum class Conflict { email, username, no_such_user };

// Users in PostgreSQL. Blocking: call inside Database::run. A registration and a profile change
// write their user event to the outbox in the same transaction; the caller wakes the relay.
namespace user_store {

std::optional<User> find_by_email(pqxx::connection& db, const std::string& normalized_email);
std::optional<User> find_by_id(pqxx::connection& db, std::int64_t id);
// Inserts the user; on a duplicate email or username returns the conflict instead.
std::variant<User, Conflict> create(pqxx::connection& db, const Registration& registration,
                                    const std::string& password_hash);
std::variant<User, Conflict> update_profile(pqxx::connection& db, std::int64_t id,
                                            const ProfileUpdate& update);
void set_password_hash(pqxx::connection& db, std::int64_t id, const std::string& password_hash);

}  // namespace user_store
}  // namespace taskflow::auth
