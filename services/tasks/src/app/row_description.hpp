#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "domain/task_enums.hpp"
#include "domain/timestamps.hpp"

// A table's row as one typed description: which member each column fills, how it is written.
// From it come the SELECT list, the INSERT and UPDATE column lists with their placeholders and
// parameters, and the reading of a result row, so adding a column is one migration plus one
// line of a description. A column's position is its place in the description, known at compile
// time: reading a row costs no name lookup. tests/rows_test.cpp checks each description against
// the tables the migrations create.
namespace taskflow::tasks {

// Who writes a column: the database alone (a generated id), an INSERT only, or updates too.
enum class WrittenBy { database, insert, update };

// How a member travels: timestamps as microseconds since the epoch out of PostgreSQL (exact)
// and as ISO 8601 text into it, so nothing is lost either way; the choices as their wire names;
// booleans as PostgreSQL writes them ("t", or "true" through json_build_array).
enum class SqlType { bigint, text, timestamptz, boolean, bigint_array };

namespace row_detail {

template <class Member>
constexpr SqlType sql_type() {
  if constexpr (std::is_same_v<Member, std::int64_t> ||
                std::is_same_v<Member, std::optional<std::int64_t>>) {
    return SqlType::bigint;
  }
  if constexpr (std::is_same_v<Member, bool>) return SqlType::boolean;
  if constexpr (std::is_same_v<Member, std::vector<std::int64_t>>) return SqlType::bigint_array;
  if constexpr (std::is_same_v<Member, Timestamp> ||
                std::is_same_v<Member, std::optional<Timestamp>>) {
    return SqlType::timestamptz;
  }
  return SqlType::text;  // strings and the choices
}

inline std::int64_t integer(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw std::runtime_error("not an integer column: '" + std::string(text) + "'");
  }
  return value;
}

// A bigint[] in PostgreSQL's text form ("{1,2}"); NULL reads as empty.
template <class Row>
std::vector<std::int64_t> read_ids(const Row& row, int column) {
  std::vector<std::int64_t> ids;
  if (row.is_null(column)) return ids;
  auto text = row.text(column);
  text.remove_prefix(1);
  text.remove_suffix(1);
  while (!text.empty()) {
    const auto comma = text.find(',');
    ids.push_back(integer(text.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return ids;
}

inline std::string ids_literal(const std::vector<std::int64_t>& ids) {
  std::string literal = "{";
  for (const auto id : ids) {
    if (literal.size() > 1) literal += ',';
    literal += std::to_string(id);
  }
  return literal + "}";
}

inline Timestamp from_micros(std::string_view text) {
  return Timestamp(std::chrono::microseconds(integer(text)));
}

// A field's text as the member's type. Unknown choices cannot come back: the table's CHECK
// constraints allow only the wire names.
template <class Member, class Row>
Member read(const Row& row, int column) {
  if constexpr (std::is_same_v<Member, std::int64_t>) {
    return integer(row.text(column));
  } else if constexpr (std::is_same_v<Member, std::optional<std::int64_t>>) {
    if (row.is_null(column)) return std::nullopt;
    return integer(row.text(column));
  } else if constexpr (std::is_same_v<Member, bool>) {
    return row.text(column) == "t" || row.text(column) == "true";
  } else if constexpr (std::is_same_v<Member, std::string>) {
    return std::string(row.text(column));
  } else if constexpr (std::is_same_v<Member, Priority>) {
    return parse_priority(row.text(column)).value_or(Priority::medium);
  } else if constexpr (std::is_same_v<Member, Status>) {
    return parse_status(row.text(column)).value_or(Status::todo);
  } else if constexpr (std::is_same_v<Member, Timestamp>) {
    return from_micros(row.text(column));
  } else if constexpr (std::is_same_v<Member, std::vector<std::int64_t>>) {
    return read_ids(row, column);
  } else {
    static_assert(std::is_same_v<Member, std::optional<Timestamp>>);
    if (row.is_null(column)) return std::nullopt;
    return from_micros(row.text(column));
  }
}

// A member as a statement parameter in text form; nullopt is SQL NULL.
template <class Member>
std::optional<std::string> param(const Member& value) {
  if constexpr (std::is_same_v<Member, std::int64_t>) {
    return std::to_string(value);
  } else if constexpr (std::is_same_v<Member, std::optional<std::int64_t>>) {
    if (!value) return std::nullopt;
    return std::to_string(*value);
  } else if constexpr (std::is_same_v<Member, bool>) {
    return std::string(value ? "true" : "false");
  } else if constexpr (std::is_same_v<Member, std::string>) {
    return value;
  } else if constexpr (std::is_same_v<Member, Priority> || std::is_same_v<Member, Status>) {
    return std::string(to_string(value));
  } else if constexpr (std::is_same_v<Member, Timestamp>) {
    return format_timestamp(value);
  } else if constexpr (std::is_same_v<Member, std::vector<std::int64_t>>) {
    return ids_literal(value);
  } else {
    static_assert(std::is_same_v<Member, std::optional<Timestamp>>);
    if (!value) return std::nullopt;
    return format_timestamp(*value);
  }
}

template <class Pointer>
struct MemberOf;
template <class Record, class Member>
struct MemberOf<Member Record::*> {
  using record = Record;
  using member = Member;
};

}  // namespace row_detail

// One column: its name in the table and the member it fills.
template <auto Pointer>
struct Column {
  using Record = typename row_detail::MemberOf<decltype(Pointer)>::record;
  using Member = typename row_detail::MemberOf<decltype(Pointer)>::member;
  static constexpr SqlType type = row_detail::sql_type<Member>();
  // Only an optional member takes NULL.
  static constexpr bool nullable = std::is_same_v<Member, std::optional<Timestamp>> ||
                                   std::is_same_v<Member, std::optional<std::int64_t>>;

  std::string_view name;
  WrittenBy written_by = WrittenBy::update;
};

// What a statement's parameters are built into.
using SqlParams = std::vector<std::optional<std::string>>;

// A column as the description's tests see it.
struct ColumnInfo {
  std::string_view name;
  SqlType type;
  bool nullable;
};

template <class Record, class... Columns>
class RowDescription {
 public:
  static constexpr int kSize = sizeof...(Columns);

  constexpr RowDescription(std::string_view table, Columns... columns)
      : table_(table), columns_(columns...) {}

  std::string_view table() const { return table_; }

  std::array<ColumnInfo, kSize> columns() const {
    return std::apply(
        [](const auto&... column) {
          return std::array<ColumnInfo, kSize>{
              ColumnInfo{column.name, column.type, column.nullable}...};
        },
        columns_);
  }

  // The SELECT list, in description order; `qualifier` ("t") names the table when the
  // statement joins several. as_text casts every value to text, for json_build_array.
  std::string select_list(std::string_view qualifier = "", bool as_text = false) const {
    std::string list;
    for_each_column([&](const auto& column) {
      if (!list.empty()) list += ", ";
      std::string name = qualified(qualifier, column.name);
      if (column.type == SqlType::timestamptz) {
        list += "(extract(epoch FROM " + name + ") * 1000000)::bigint";
      } else {
        list += name;
      }
      if (as_text) list += "::text";
    });
    return list;
  }

  // "INSERT INTO table (columns) VALUES ($first, ...)" for the columns an insert writes.
  std::string insert_sql(int first_param) const {
    std::string names;
    std::string values;
    int at = first_param;
    for_each_column([&](const auto& column) {
      if (column.written_by == WrittenBy::database) return;
      if (!names.empty()) {
        names += ", ";
        values += ", ";
      }
      names += column.name;
      values += placeholder(column.type, at++);
    });
    return "INSERT INTO " + std::string(table_) + " (" + names + ") VALUES (" + values + ")";
  }

  // How many parameters insert_sql takes.
  int insert_param_count() const {
    int count = 0;
    for_each_column([&](const auto& column) {
      if (column.written_by != WrittenBy::database) ++count;
    });
    return count;
  }

  // "column = $first, ..." for the columns an update writes.
  std::string update_assignments(int first_param) const {
    std::string assignments;
    int at = first_param;
    for_each_column([&](const auto& column) {
      if (column.written_by != WrittenBy::update) return;
      if (!assignments.empty()) assignments += ", ";
      assignments += std::string(column.name) + " = " + placeholder(column.type, at++);
    });
    return assignments;
  }

  // The parameters of insert_sql and update_assignments, in their order.
  void append_insert_params(const Record& record, SqlParams& params) const {
    append_params(record, params, [](WrittenBy by) { return by != WrittenBy::database; });
  }
  void append_update_params(const Record& record, SqlParams& params) const {
    append_params(record, params, [](WrittenBy by) { return by == WrittenBy::update; });
  }

  // The record from a row whose select_list starts at `first_column`. Row: anything with
  // is_null(int) and text(int), as pg::Rows::Row.
  template <class Row>
  Record read(const Row& row, int first_column = 0) const {
    Record record;
    read_columns(record, row, first_column, std::index_sequence_for<Columns...>{});
    return record;
  }

 private:
  static std::string qualified(std::string_view qualifier, std::string_view name) {
    return qualifier.empty() ? std::string(name) : std::string(qualifier) + "." + std::string(name);
  }

  static std::string placeholder(SqlType type, int number) {
    const auto at = "$" + std::to_string(number);
    if (type == SqlType::timestamptz) return at + "::timestamptz";
    if (type == SqlType::bigint_array) return at + "::bigint[]";
    return at;
  }

  template <class Visit>
  void for_each_column(Visit visit) const {
    std::apply([&](const auto&... column) { (visit(column), ...); }, columns_);
  }

  template <class Keep>
  void append_params(const Record& record, SqlParams& params, Keep keep) const {
    std::apply(
        [&](const auto&... column) {
          ((keep(column.written_by) ? params.push_back(param_of(record, column)) : void()), ...);
        },
        columns_);
  }

  template <auto Pointer>
  static std::optional<std::string> param_of(const Record& record, const Column<Pointer>&) {
    return row_detail::param(record.*Pointer);
  }

  template <class Row, std::size_t... Index>
  static void read_columns(Record& record, const Row& row, int first_column,
                           std::index_sequence<Index...>) {
    (read_column(record, row, first_column + static_cast<int>(Index),
                 std::tuple_element_t<Index, std::tuple<Columns...>>{}),
     ...);
  }

  template <class Row, auto Pointer>
  static void read_column(Record& record, const Row& row, int column, const Column<Pointer>&) {
    record.*Pointer = row_detail::read<typename Column<Pointer>::Member>(row, column);
  }

  std::string_view table_;
  std::tuple<Columns...> columns_;
};

// RowDescription<Record, ...> with Record taken from the first column.
template <class First, class... Rest>
RowDescription(std::string_view, First, Rest...)
    -> RowDescription<typename First::Record, First, Rest...>;

}  // namespace taskflow::tasks
