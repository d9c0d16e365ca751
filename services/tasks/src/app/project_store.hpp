#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "domain/access_policy.hpp"
#include "domain/project.hpp"

// Projects and memberships in PostgreSQL, as plain reads and writes; the use cases
// (app/project_service.hpp) decide what to do and who may. Rows are mapped through app/rows.hpp.
namespace taskflow::tasks::project_store {

// The caller's projects as they see them: the personal one first, then by name.
std::vector<ProjectView> list(pqxx::transaction_base& tx, const Caller& caller);
// One project as the caller sees it; nullopt when they are not a member.
std::optional<ProjectView> find_view(pqxx::transaction_base& tx, const Caller& caller,
                                     std::int64_t id);

struct ProjectInAccess {
  Project project;
  Access access;
};
// Any project of that id, locked, with the caller's access to it.
std::optional<ProjectInAccess> find_for_update(pqxx::work& tx, const Caller& caller,
                                               std::int64_t id);

Project insert(pqxx::work& tx, const Project& project);
void save(pqxx::work& tx, const Project& project);
void add_member(pqxx::work& tx, std::int64_t project_id, std::int64_t user_id, Role role);
std::vector<std::int64_t> member_ids(pqxx::transaction_base& tx, std::int64_t project_id);
// Deletes the project with its memberships; its tasks must be gone first.
void remove(pqxx::work& tx, std::int64_t project_id);

}  // namespace taskflow::tasks::project_store
