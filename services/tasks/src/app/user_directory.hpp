#pragma once
#include <pqxx/pqxx>

#include "domain/user_event.hpp"

namespace taskflow::tasks {

// The user directory (table users): the auth service's users as its events describe them.
// Applies one event in the caller's transaction: inserts the user, or updates the row unless
// it holds a newer event's values, so a redelivered or reordered event changes nothing.
// The pending invitations for the user's email become their memberships in the same
// transaction. Returns false when the event was older than the row (ignored).
bool apply_user_event(pqxx::work& tx, const UserEvent& event);

}  // namespace taskflow::tasks
