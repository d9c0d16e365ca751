#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "domain/membership.hpp"

// Memberships and invitations in PostgreSQL, with the names and emails of the user directory;
// the use cases (app/project_service.hpp) decide who may change them.
namespace taskflow::tasks::membership_store {

// The project's members, owners first, then by username. A member the directory does not know
// yet (their registration event is on its way) shows with empty names.
std::vector<Member> members(pqxx::transaction_base& tx, std::int64_t project_id);
std::optional<Member> member(pqxx::transaction_base& tx, std::int64_t project_id,
                             std::int64_t user_id);
// The member's role, the row locked.
std::optional<Role> role_for_update(pqxx::work& tx, std::int64_t project_id, std::int64_t user_id);
std::int64_t owner_count(pqxx::transaction_base& tx, std::int64_t project_id);
// Serialises, until the transaction ends, the transactions that look an email up and those that
// add it to the directory: otherwise an invitation written while its user's registration is
// being applied would never be accepted.
void lock_email(pqxx::work& tx, const std::string& email);
// The registered user with that (lower-case) email, from the directory.
std::optional<std::int64_t> user_with_email(pqxx::transaction_base& tx, const std::string& email);

void add(pqxx::work& tx, std::int64_t project_id, std::int64_t user_id, Role role);
void set_role(pqxx::work& tx, std::int64_t project_id, std::int64_t user_id, Role role);
// Ends the membership and takes the user off the project's tasks' assignees.
void remove(pqxx::work& tx, std::int64_t project_id, std::int64_t user_id);

std::vector<Invitation> invitations(pqxx::transaction_base& tx, std::int64_t project_id);
// Invites the email, or changes the role of its pending invitation.
Invitation invite(pqxx::work& tx, const Invitation& invitation);
// Whether there was such an invitation to cancel.
bool cancel_invitation(pqxx::work& tx, std::int64_t project_id, std::int64_t invitation_id);
// Turns the invitations of that email into the user's memberships; returns their projects.
std::vector<std::int64_t> accept_invitations(pqxx::work& tx, std::int64_t user_id,
                                             const std::string& email);

}  // namespace taskflow::tasks::membership_store
