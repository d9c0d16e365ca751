#include "app/label_store.hpp"

#include <fmt/format.h>

#include "app/pqxx_row.hpp"
#include "app/rows.hpp"

namespace taskflow::tasks::label_store {
namespace {

const std::string& columns() {
  static const std::string list = kLabelRow.select_list();
  return list;
}

std::vector<Label> labels_from(const pqxx::result& rows) {
  std::vector<Label> labels;
  for (const auto& row : rows) labels.push_back(kLabelRow.read(PqxxRow{row}));
  return labels;
}

}  // namespace

std::vector<Label> list(pqxx::transaction_base& tx, std::int64_t project_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM labels WHERE project_id = $1 ORDER BY lower(name), id", columns());
  return labels_from(tx.exec_params(sql, project_id));
}

std::int64_t count(pqxx::transaction_base& tx, std::int64_t project_id) {
  return tx.exec_params("SELECT count(*) FROM labels WHERE project_id = $1", project_id)[0][0]
      .as<std::int64_t>();
}

std::optional<Label> find_for_update(pqxx::work& tx, std::int64_t project_id,
                                     std::int64_t label_id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM labels WHERE project_id = $1 AND id = $2 FOR UPDATE", columns());
  auto rows = labels_from(tx.exec_params(sql, project_id, label_id));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<Label> insert(pqxx::work& tx, const Label& label) {
  static const std::string sql = fmt::format(
      "{} ON CONFLICT (project_id, name) DO NOTHING RETURNING id", kLabelRow.insert_sql(1));
  SqlParams params;
  kLabelRow.append_insert_params(label, params);
  auto rows = tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
  if (rows.empty()) return std::nullopt;
  Label stored = label;
  stored.id = rows[0][0].as<std::int64_t>();
  return stored;
}

bool save(pqxx::work& tx, const Label& label) {
  static const std::string sql =
      fmt::format("UPDATE labels SET {} WHERE id = $1", kLabelRow.update_assignments(2));
  SqlParams params{std::to_string(label.id)};
  kLabelRow.append_update_params(label, params);
  try {
    tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
  } catch (const pqxx::unique_violation&) {
    return false;  // the transaction is aborted: the caller refuses the request
  }
  return true;
}

void remove(pqxx::work& tx, const Label& label) {
  tx.exec_params(
      "UPDATE tasks SET label_ids = array_remove(label_ids, $2) "
      "WHERE project_id = $1 AND label_ids @> ARRAY[$2::bigint]",
      label.project_id, label.id);
  tx.exec_params("DELETE FROM labels WHERE id = $1", label.id);
}

}  // namespace taskflow::tasks::label_store
