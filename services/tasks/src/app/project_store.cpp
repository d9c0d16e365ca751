#include "app/project_store.hpp"

#include <fmt/format.h>

#include "app/pqxx_row.hpp"
#include "app/rows.hpp"

namespace taskflow::tasks::project_store {
namespace {

// A project as a member sees it: the project's columns, the member's role, the member count.
const std::string& view_sql() {
  static const std::string sql = fmt::format(
      "SELECT {}, m.role, (SELECT count(*) FROM memberships c WHERE c.project_id = p.id) "
      "FROM memberships m JOIN projects p ON p.id = m.project_id WHERE m.user_id = $1",
      kProjectRow.select_list("p"));
  return sql;
}

ProjectView read_view(const pqxx::row& row) {
  const PqxxRow fields{row};
  constexpr int kRoleColumn = kProjectRow.kSize;
  return ProjectView{.project = kProjectRow.read(fields),
                     .role = parse_role(fields.text(kRoleColumn)).value_or(Role::viewer),
                     .member_count = row[kRoleColumn + 1].as<std::int64_t>()};
}

}  // namespace

std::vector<ProjectView> list(pqxx::transaction_base& tx, const Caller& caller) {
  tx.conn().prepare(
      "projects_list",
      view_sql() + " ORDER BY p.personal_owner_id IS NULL, p.archived, lower(p.name), p.id");
  std::vector<ProjectView> views;
  for (const auto& row : tx.exec_prepared("projects_list", caller.user_id)) {
    views.push_back(read_view(row));
  }
  return views;
}

std::optional<ProjectView> find_view(pqxx::transaction_base& tx, const Caller& caller,
                                     std::int64_t id) {
  tx.conn().prepare("project_view", view_sql() + " AND p.id = $2");
  auto rows = tx.exec_prepared("project_view", caller.user_id, id);
  if (rows.empty()) return std::nullopt;
  return read_view(rows[0]);
}

std::optional<ProjectInAccess> find_for_update(pqxx::work& tx, const Caller& caller,
                                               std::int64_t id) {
  static const std::string sql = fmt::format(
      "SELECT {}, m.role FROM projects p "
      "LEFT JOIN memberships m ON m.project_id = p.id AND m.user_id = $2 "
      "WHERE p.id = $1 FOR UPDATE OF p",
      kProjectRow.select_list("p"));
  tx.conn().prepare("project_find_for_update", sql);
  auto rows = tx.exec_prepared("project_find_for_update", id, caller.user_id);
  if (rows.empty()) return std::nullopt;
  const PqxxRow fields{rows[0]};
  ProjectInAccess found{.project = kProjectRow.read(fields), .access = {}};
  if (!fields.is_null(kProjectRow.kSize)) {
    found.access.role = parse_role(fields.text(kProjectRow.kSize));
  }
  found.access.archived = found.project.archived;
  return found;
}

Project insert(pqxx::work& tx, const Project& project) {
  return insert_returning_id(tx, kProjectRow, project);
}

void save(pqxx::work& tx, const Project& project) {
  static const std::string sql =
      fmt::format("UPDATE projects SET {} WHERE id = $1", kProjectRow.update_assignments(2));
  SqlParams params{std::to_string(project.id)};
  kProjectRow.append_update_params(project, params);
  tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
}

void add_member(pqxx::work& tx, std::int64_t project_id, std::int64_t user_id, Role role) {
  tx.exec_params("INSERT INTO memberships (project_id, user_id, role) VALUES ($1, $2, $3)",
                 project_id, user_id, std::string(to_string(role)));
}

std::vector<std::int64_t> member_ids(pqxx::transaction_base& tx, std::int64_t project_id) {
  std::vector<std::int64_t> ids;
  for (const auto& row :
       tx.exec_params("SELECT user_id FROM memberships WHERE project_id = $1", project_id)) {
    ids.push_back(row[0].as<std::int64_t>());
  }
  return ids;
}

void remove(pqxx::work& tx, std::int64_t project_id) {
  tx.exec_params("DELETE FROM projects WHERE id = $1", project_id);
}

}  // namespace taskflow::tasks::project_store
