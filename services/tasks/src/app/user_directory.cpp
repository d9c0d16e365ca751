#include "app/user_directory.hpp"

#include "app/membership_store.hpp"

namespace taskflow::tasks {

bool apply_user_event(pqxx::work& tx, const UserEvent& event) {
  // Before the row is written, so that adding a member by this email waits for this
  // transaction, or this one for it (membership_store::lock_email).
  membership_store::lock_email(tx, event.email);
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
  if (applied) membership_store::accept_invitations(tx, event.user_id, event.email);
  return applied;
}

}  // namespace taskflow::tasks
