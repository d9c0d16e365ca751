#include "app/activity_store.hpp"

#include <fmt/format.h>

#include "app/row_description.hpp"

namespace taskflow::tasks::activity_store {
namespace {

std::pair<std::int64_t, std::vector<ActivityEntry>> page_where(pqxx::transaction_base& tx,
                                                               std::string_view column,
                                                               std::int64_t id,
                                                               const PageRequest& page) {
  const auto count =
      tx.exec_params(fmt::format("SELECT count(*) FROM activity WHERE {} = $1", column), id)[0][0]
          .as<std::int64_t>();
  std::vector<ActivityEntry> entries;
  if (count == 0) return {0, std::move(entries)};
  const auto rows = tx.exec_params(
      fmt::format("SELECT a.id, a.project_id, a.task_id, a.actor_id, coalesce(u.username, ''), "
                  "a.action, a.changes::text, (extract(epoch FROM a.created_at) * 1000000)::bigint "
                  "FROM activity a LEFT JOIN users u ON u.id = a.actor_id "
                  "WHERE a.{} = $1 ORDER BY a.id DESC LIMIT $2 OFFSET $3",
                  column),
      id, page.size, page.offset());
  for (const auto& row : rows) {
    entries.push_back(ActivityEntry{
        .id = row[0].as<std::int64_t>(),
        .project_id = row[1].as<std::int64_t>(),
        .task_id = row[2].as<std::int64_t>(),
        .actor_id = row[3].as<std::int64_t>(),
        .actor_username = row[4].as<std::string>(),
        .action = parse_activity_action(row[5].as<std::string>()).value_or(ActivityAction::updated),
        .changes = nlohmann::json::parse(row[6].as<std::string>()),
        .created_at = row_detail::from_micros(row[7].c_str())});
  }
  return {count, std::move(entries)};
}

}  // namespace

void append(pqxx::work& tx, const ActivityEntry& entry) {
  tx.conn().prepare("activity_append",
                    "INSERT INTO activity (project_id, task_id, actor_id, action, changes, "
                    "created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamptz)");
  tx.exec_prepared("activity_append", entry.project_id, entry.task_id, entry.actor_id,
                   std::string(to_string(entry.action)),
                   entry.changes.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                   format_timestamp(entry.created_at));
}

std::pair<std::int64_t, std::vector<ActivityEntry>> of_project(pqxx::transaction_base& tx,
                                                               std::int64_t project_id,
                                                               const PageRequest& page) {
  return page_where(tx, "project_id", project_id, page);
}

std::pair<std::int64_t, std::vector<ActivityEntry>> of_task(pqxx::transaction_base& tx,
                                                            std::int64_t task_id,
                                                            const PageRequest& page) {
  return page_where(tx, "task_id", task_id, page);
}

}  // namespace taskflow::tasks::activity_store
