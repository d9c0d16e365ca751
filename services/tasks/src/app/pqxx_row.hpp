#pragma once

#include <string>
#include <string_view>

#include <pqxx/pqxx>

#include "app/row_description.hpp"

// The row descriptions of app/row_description.hpp over libpqxx results, shared by the stores.
namespace taskflow::tasks {

// A libpqxx row seen as a pg::Rows::Row, so one description reads what either client returned.
struct PqxxRow {
  const pqxx::row& row;
  bool is_null(int column) const { return row[column].is_null(); }
  std::string_view text(int column) const { return {row[column].c_str(), row[column].size()}; }
};

// The record as inserted, with the id the database gave it.
template <class Description, class Record>
Record insert_returning_id(pqxx::work& tx, const Description& row, const Record& record) {
  static const std::string sql = row.insert_sql(1) + " RETURNING id";
  SqlParams params;
  row.append_insert_params(record, params);
  Record stored = record;
  stored.id =
      tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params))[0][0].as<std::int64_t>();
  return stored;
}

}  // namespace taskflow::tasks
