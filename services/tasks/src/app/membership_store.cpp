#include "app/membership_store.hpp"

#include "app/row_description.hpp"

namespace taskflow::tasks::membership_store {
namespace {

constexpr const char* kMemberColumns =
    "m.user_id, coalesce(u.username, ''), coalesce(u.email, ''), coalesce(u.first_name, ''), "
    "coalesce(u.last_name, ''), m.role, (extract(epoch FROM m.joined_at) * 1000000)::bigint";
constexpr const char* kMemberFrom =
    " FROM memberships m LEFT JOIN users u ON u.id = m.user_id WHERE m.project_id = $1";
constexpr const char* kInvitationColumns =
    "id, project_id, email, role, invited_by, (extract(epoch FROM created_at) * 1000000)::bigint";

Role role_of(const pqxx::field& field) {
  return parse_role(field.as<std::string>()).value_or(Role::viewer);
}

Member read_member(const pqxx::row& row) {
  return Member{.user = {.id = row[0].as<std::int64_t>(),
                         .username = row[1].as<std::string>(),
                         .email = row[2].as<std::string>(),
                         .first_name = row[3].as<std::string>(),
                         .last_name = row[4].as<std::string>()},
                .role = role_of(row[5]),
                .joined_at = row_detail::from_micros(row[6].c_str())};
}

Invitation read_invitation(const pqxx::row& row) {
  return Invitation{.id = row[0].as<std::int64_t>(),
                    .project_id = row[1].as<std::int64_t>(),
                    .email = row[2].as<std::string>(),
                    .role = role_of(row[3]),
                    .invited_by = row[4].as<std::int64_t>(),
                    .created_at = row_detail::from_micros(row[5].c_str())};
}

std::string role_text(Role role) {
  return std::string(to_string(role));
}

}  // namespace

std::vector<Member> members(pqxx::transaction_base& tx, std::int64_t project_id) {
  std::vector<Member> found;
  for (const auto& row : tx.exec_params(
           std::string("SELECT ") + kMemberColumns + kMemberFrom +
               " ORDER BY m.role = 'owner' DESC, lower(coalesce(u.username, '')), m.user_id",
           project_id)) {
    found.push_back(read_member(row));
  }
  return found;
}

std::optional<Member> member(pqxx::transaction_base& tx, std::int64_t project_id,
                             std::int64_t user_id) {
  auto rows =
      tx.exec_params(std::string("SELECT ") + kMemberColumns + kMemberFrom + " AND m.user_id = $2",
                     project_id, user_id);
  if (rows.empty()) return std::nullopt;
  return read_member(rows[0]);
}

std::optional<Role> role_for_update(pqxx::work& tx, std::int64_t project_id, std::int64_t user_id) {
  auto rows = tx.exec_params(
      "SELECT role FROM memberships WHERE project_id = $1 AND user_id = $2 FOR UPDATE", project_id,
      user_id);
  if (rows.empty()) return std::nullopt;
  return role_of(rows[0][0]);
}

std::int64_t owner_count(pqxx::transaction_base& tx, std::int64_t project_id) {
  return tx
      .exec_params("SELECT count(*) FROM memberships WHERE project_id = $1 AND role = 'owner'",
                   project_id)[0][0]
      .as<std::int64_t>();
}

void lock_email(pqxx::work& tx, const std::string& email) {
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtextextended(lower($1), 0))", email);
}

std::optional<std::int64_t> user_with_email(pqxx::transaction_base& tx, const std::string& email) {
  auto rows = tx.exec_params("SELECT id FROM users WHERE lower(email) = $1", email);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::int64_t>();
}

void add(pqxx::work& tx, std::int64_t project_id, std::int64_t user_id, Role role) {
  tx.exec_params("INSERT INTO memberships (project_id, user_id, role) VALUES ($1, $2, $3)",
                 project_id, user_id, role_text(role));
}

void set_role(pqxx::work& tx, std::int64_t project_id, std::int64_t user_id, Role role) {
  tx.exec_params("UPDATE memberships SET role = $3 WHERE project_id = $1 AND user_id = $2",
                 project_id, user_id, role_text(role));
}

void remove(pqxx::work& tx, std::int64_t project_id, std::int64_t user_id) {
  tx.exec_params("DELETE FROM memberships WHERE project_id = $1 AND user_id = $2", project_id,
                 user_id);
  tx.exec_params(
      "UPDATE tasks SET assignee_ids = array_remove(assignee_ids, $2) "
      "WHERE project_id = $1 AND assignee_ids @> ARRAY[$2::bigint]",
      project_id, user_id);
}

std::vector<Invitation> invitations(pqxx::transaction_base& tx, std::int64_t project_id) {
  std::vector<Invitation> found;
  for (const auto& row : tx.exec_params(std::string("SELECT ") + kInvitationColumns +
                                            " FROM invitations WHERE project_id = $1 "
                                            "ORDER BY created_at, id",
                                        project_id)) {
    found.push_back(read_invitation(row));
  }
  return found;
}

Invitation invite(pqxx::work& tx, const Invitation& invitation) {
  auto rows = tx.exec_params(
      std::string("INSERT INTO invitations (project_id, email, role, invited_by) "
                  "VALUES ($1, $2, $3, $4) ON CONFLICT (project_id, email) "
                  "DO UPDATE SET role = EXCLUDED.role RETURNING ") +
          kInvitationColumns,
      invitation.project_id, invitation.email, role_text(invitation.role), invitation.invited_by);
  return read_invitation(rows[0]);
}

bool cancel_invitation(pqxx::work& tx, std::int64_t project_id, std::int64_t invitation_id) {
  return tx.exec_params("DELETE FROM invitations WHERE project_id = $1 AND id = $2", project_id,
                        invitation_id)
             .affected_rows() > 0;
}

std::vector<std::int64_t> accept_invitations(pqxx::work& tx, std::int64_t user_id,
                                             const std::string& email) {
  std::vector<std::int64_t> projects;
  for (const auto& row :
       tx.exec_params("WITH accepted AS (DELETE FROM invitations WHERE email = lower($2) "
                      "RETURNING project_id, role) "
                      "INSERT INTO memberships (project_id, user_id, role) "
                      "SELECT project_id, $1, role FROM accepted "
                      "ON CONFLICT (project_id, user_id) DO NOTHING RETURNING project_id",
                      user_id, email)) {
    projects.push_back(row[0].as<std::int64_t>());
  }
  return projects;
}

}  // namespace taskflow::tasks::membership_store
