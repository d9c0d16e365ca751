#include "app/user_store.hpp"

#include <string_view>

#include "taskflow/core/uuid.hpp"
#include "taskflow/events/message.hpp"

namespace taskflow::auth {

nlohmann::json User::to_json() const {
  return {{"id", id},
          {"username", username},
          {"email", email},
          {"first_name", first_name},
          {"last_name", last_name},
          {"is_verified", is_verified},
          {"created_at", created_at}};
}

DirectoryEntry User::directory_entry() const {
  return {.id = id,
          .username = username,
          .email = email,
          .first_name = first_name,
          .last_name = last_name};
}

namespace user_store {
namespace {

const std::string kColumns =
    "id, username, email, first_name, last_name, is_verified, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
    "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), password_hash";

User from_row(const pqxx::row& row) {
  User user;
  user.id = row[0].as<std::int64_t>();
  user.username = row[1].as<std::string>();
  user.email = row[2].as<std::string>();
  user.first_name = row[3].as<std::string>();
  user.last_name = row[4].as<std::string>();
  user.is_verified = row[5].as<bool>();
  user.created_at = row[6].as<std::string>();
  user.updated_at = row[7].as<std::string>();
  user.password_hash = row[8].as<std::string>();
  return user;
}

std::optional<User> first(const pqxx::result& result) {
  if (result.empty()) return std::nullopt;
  return from_row(result[0]);
}

// The event occurred when the row changed: consumers order a user's events by it.
void append_event(pqxx::work& tx, events::EventType type, const User& user) {
  auto event_id = uuid_v4();
  auto message = events::make_message(type, event_id, user.updated_at, user.id,
                                      directory_data(user.directory_entry()));
  tx.exec_params(
      "INSERT INTO outbox (event_id, routing_key, payload) VALUES ($1::uuid, $2, $3::jsonb)",
      event_id, std::string(events::routing_key_for(type)), message.dump());
}

Conflict conflict_of(const pqxx::unique_violation& e) {
  std::string_view message = e.what();
  if (message.find("users_email_lower_key") != std::string_view::npos) return Conflict::email;
  return Conflict::username;
}

}  // namespace

std::optional<User> find_by_email(pqxx::connection& db, const std::string& normalized_email) {
  db.prepare("user_by_email", "SELECT " + kColumns + " FROM users WHERE lower(email) = $1");
  pqxx::nontransaction tx(db);
  return first(tx.exec_prepared("user_by_email", normalized_email));
}

std::optional<User> find_by_id(pqxx::connection& db, std::int64_t id) {
  db.prepare("user_by_id", "SELECT " + kColumns + " FROM users WHERE id = $1");
  pqxx::nontransaction tx(db);
  return first(tx.exec_prepared("user_by_id", id));
}

std::variant<User, Conflict> create(pqxx::connection& db, const Registration& registration,
                                    const std::string& password_hash) {
  try {
    pqxx::work tx(db);
    auto result = tx.exec_params(
        "INSERT INTO users (username, email, first_name, last_name, password_hash) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING " +
            kColumns,
        registration.username, registration.email, registration.first_name, registration.last_name,
        password_hash);
    auto user = from_row(result[0]);
    append_event(tx, events::EventType::user_registered, user);
    tx.commit();
    return user;
  } catch (const pqxx::unique_violation& e) {
    return conflict_of(e);
  }
}

std::variant<User, Conflict> update_profile(pqxx::connection& db, std::int64_t id,
                                            const ProfileUpdate& update) {
  try {
    pqxx::work tx(db);
    // Locked first: the values before decide whether there is an event.
    auto before = tx.exec_params("SELECT " + kColumns + " FROM users WHERE id = $1 FOR UPDATE", id);
    if (before.empty()) return Conflict::no_such_user;
    // NULL keeps a column as it is, so one statement serves PATCH and PUT. clock_timestamp(),
    // not the transaction's start, so that of two racing updates the one that commits last has
    // the later updated_at, which orders their events.
    auto result = tx.exec_params(
        "UPDATE users SET username = COALESCE($2, username), email = COALESCE($3, email), "
        "first_name = COALESCE($4, first_name), last_name = COALESCE($5, last_name), "
        "updated_at = clock_timestamp() WHERE id = $1 RETURNING " +
            kColumns,
        id, update.username, update.email, update.first_name, update.last_name);
    auto user = from_row(result[0]);
    if (auto event = event_for_profile_update(from_row(before[0]).directory_entry(),
                                              user.directory_entry())) {
      append_event(tx, *event, user);
    }
    tx.commit();
    return user;
  } catch (const pqxx::unique_violation& e) {
    return conflict_of(e);
  }
}

void set_password_hash(pqxx::connection& db, std::int64_t id, const std::string& password_hash) {
  pqxx::work tx(db);
  tx.exec_params("UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1", id,
                 password_hash);
  tx.commit();
}

}  // namespace user_store
}  // namespace taskflow::auth
