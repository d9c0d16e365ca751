#include "app/user_directory.hpp"

namespace taskflow::tasks {

bool apply_user_event(pqxx::work& tx, const UserEvent& event) {
  tx.conn().prepare("user_directory_upsert",
                    "INSERT INTO users (id, username, email, first_name, last_name, updated_at) "
                    "VALUES ($1, $2, $3, $4, $5, $6::timestamptz) ON CONFLICT (id) DO UPDATE "
                    "SET username = EXCLUDED.username, email = EXCLUDED.email, "
                    "first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, "
                    "updated_at = EXCLUDED.updated_at "
                    "WHERE users.updated_at <= EXCLUDED.updated_at");
  auto applied =
      tx.exec_prepared("user_directory_upsert", event.user_id, event.username, event.email,
                       event.first_name, event.last_name, format_timestamp(event.occurred_at))
          .affected_rows() == 1;
  // The next step of a registration goes here, in this transaction: turning the pending
  // invitations for event.email into memberships.
  return applied;
}

}  // namespace taskflow::tasks
