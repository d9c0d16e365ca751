#include "app/rows.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace taskflow::tasks {
namespace {

using namespace std::chrono_literals;

struct TableColumn {
  std::optional<SqlType> type;  // nullopt: a type no description maps (uuid, jsonb)
  bool nullable = true;
};

using Table = std::map<std::string, TableColumn, std::less<>>;

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::vector<std::string> words(std::string_view text) {
  std::istringstream stream{std::string(text)};
  std::vector<std::string> found;
  for (std::string word; stream >> word;) found.push_back(word);
  return found;
}

// The pieces between the commas outside parentheses.
std::vector<std::string> top_level_items(std::string_view text) {
  std::vector<std::string> items(1);
  int depth = 0;
  for (const char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      items.emplace_back();
    } else {
      items.back().push_back(c);
    }
  }
  return items;
}

// A column definition, "name TYPE constraints…", of CREATE TABLE or ALTER TABLE … ADD COLUMN;
// a table constraint adds nothing.
void add_column(Table& table, std::string_view definition) {
  const auto parts = words(definition);
  if (parts.size() < 2) return;
  const std::string first = upper(parts[0]);
  if (first == "CHECK" || first == "PRIMARY" || first == "UNIQUE" || first == "FOREIGN" ||
      first == "CONSTRAINT" || first == "EXCLUDE") {
    return;
  }
  const std::string type = upper(parts[1]);
  const std::string rest = upper(std::string(definition));
  TableColumn column;
  if (type == "BIGINT[]") {
    column.type = SqlType::bigint_array;
  } else if (type == "BIGINT" || type == "BIGSERIAL") {
    column.type = SqlType::bigint;
  } else if (type == "TEXT" || type.starts_with("VARCHAR")) {
    column.type = SqlType::text;
  } else if (type == "BOOLEAN") {
    column.type = SqlType::boolean;
  } else if (type == "TIMESTAMPTZ") {
    column.type = SqlType::timestamptz;
  }
  column.nullable =
      rest.find("NOT NULL") == std::string::npos && rest.find("PRIMARY KEY") == std::string::npos;
  table[parts[0]] = column;
}

// The statements of every migration, in order, without comments.
std::vector<std::string> migration_statements() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(TASKFLOW_TASKS_SOURCE_DIR "/migrations")) {
    if (entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> statements;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string sql;
    for (std::string line; std::getline(in, line);) {
      sql += line.substr(0, line.find("--")) + "\n";
    }
    std::string statement;
    for (const char c : sql) {
      if (c == ';') {
        statements.push_back(statement);
        statement.clear();
      } else {
        statement.push_back(c);
      }
    }
  }
  return statements;
}

// Every table's columns, as the migrations leave them.
std::map<std::string, Table, std::less<>> migrated_tables() {
  std::map<std::string, Table, std::less<>> tables;
  for (const std::string& statement : migration_statements()) {
    const auto parts = words(statement);
    if (parts.size() < 3) continue;
    const std::string verb = upper(parts[0]) + " " + upper(parts[1]);
    if (verb == "CREATE TABLE") {
      const auto open = statement.find('(');
      const auto close = statement.rfind(')');
      for (const auto& item : top_level_items(statement.substr(open + 1, close - open - 1))) {
        add_column(tables[parts[2]], item);
      }
    } else if (verb == "ALTER TABLE") {
      const auto at = statement.find(parts[2]) + parts[2].size();
      for (const auto& item : top_level_items(statement.substr(at))) {
        const auto action = words(item);
        if (action.size() > 2 && upper(action[0]) == "ADD" && upper(action[1]) == "COLUMN") {
          add_column(tables[parts[2]], item.substr(item.find(action[2])));
        }
        // ALTER COLUMN name SET NOT NULL
        if (action.size() == 6 && upper(action[0]) == "ALTER" && upper(action[1]) == "COLUMN" &&
            upper(action[3]) == "SET" && upper(action[4]) == "NOT" && upper(action[5]) == "NULL") {
          tables[parts[2]][action[2]].nullable = false;
        }
      }
    }
  }
  return tables;
}

template <class Description, std::size_t N = 0>
void expect_matches_migrations(const Description& description,
                               const std::array<std::string_view, N>& unmapped = {}) {
  const auto tables = migrated_tables();
  const auto table = tables.find(description.table());
  ASSERT_NE(table, tables.end()) << "no table " << description.table() << " in the migrations";
  std::set<std::string_view> described;
  for (const ColumnInfo& column : description.columns()) {
    described.insert(column.name);
    const auto found = table->second.find(column.name);
    ASSERT_NE(found, table->second.end())
        << description.table() << "." << column.name << " is described but not migrated";
    EXPECT_EQ(found->second.type, column.type) << description.table() << "." << column.name;
    EXPECT_EQ(found->second.nullable, column.nullable) << description.table() << "." << column.name;
  }
  for (const auto& [name, column] : table->second) {
    const bool known = described.contains(name) ||
                       std::find(unmapped.begin(), unmapped.end(), name) != unmapped.end();
    EXPECT_TRUE(known) << description.table() << "." << name
                       << " is migrated but neither described nor listed as unmapped";
  }
}

TEST(RowDescriptions, MatchTheMigratedTables) {
  expect_matches_migrations(kTaskRow, kUnmappedTaskColumns);
  expect_matches_migrations(kCommentRow);
  expect_matches_migrations(kAttachmentRow);
  expect_matches_migrations(kProjectRow);
  expect_matches_migrations(kLabelRow);
}

// The parser above, on what the migrations are known to hold.
TEST(RowDescriptions, ReadTheMigrationsTheyAreCheckedAgainst) {
  const auto tables = migrated_tables();
  ASSERT_TRUE(tables.contains("tasks"));
  ASSERT_TRUE(tables.contains("outbox"));
  EXPECT_FALSE(tables.at("outbox").at("event_id").type);  // uuid: no description maps it
  EXPECT_EQ(tables.at("tasks").at("due_soon_sent_for").type, SqlType::timestamptz);
  EXPECT_FALSE(tables.at("tasks").at("id").nullable);
  EXPECT_TRUE(tables.at("tasks").at("completed_at").nullable);
}

TEST(RowDescription, WritesTheStatementsPieces) {
  EXPECT_EQ(kCommentRow.select_list(),
            "id, task_id, user_id, content, (extract(epoch FROM created_at) * 1000000)::bigint, "
            "(extract(epoch FROM updated_at) * 1000000)::bigint");
  EXPECT_EQ(kCommentRow.select_list("c", true),
            "c.id::text, c.task_id::text, c.user_id::text, c.content::text, "
            "(extract(epoch FROM c.created_at) * 1000000)::bigint::text, "
            "(extract(epoch FROM c.updated_at) * 1000000)::bigint::text");
  EXPECT_EQ(kCommentRow.insert_sql(1),
            "INSERT INTO comments (task_id, user_id, content, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz)");
  EXPECT_EQ(kTaskRow.insert_param_count(), 13);
  EXPECT_EQ(kTaskRow.update_assignments(2),
            "project_id = $2, title = $3, description = $4, priority = $5, status = $6, "
            "due_date = $7::timestamptz, updated_at = $8::timestamptz, "
            "completed_at = $9::timestamptz, assignee_ids = $10::bigint[], "
            "label_ids = $11::bigint[], position = $12");
}

// Fields in text form, nullopt for NULL, as PostgreSQL returns them.
struct FakeRow {
  std::vector<std::optional<std::string>> fields;
  bool is_null(int column) const { return !fields.at(static_cast<std::size_t>(column)); }
  std::string_view text(int column) const { return *fields.at(static_cast<std::size_t>(column)); }
};

TEST(RowDescription, ReadsARowFromItsPosition) {
  const FakeRow row{{"ignored", "5", "7", "3", "Write", "", "urgent", "done", std::nullopt,
                     "1764400000123456", "1764400001000000", "1764400001000000", "{4,12}", "{}",
                     "0665V"}};
  const Task task = kTaskRow.read(row, 1);
  EXPECT_EQ(task.id, 5);
  EXPECT_EQ(task.user_id, 7);
  EXPECT_EQ(task.project_id, 3);
  EXPECT_EQ(task.title, "Write");
  EXPECT_EQ(task.description, "");
  EXPECT_EQ(task.priority, Priority::urgent);
  EXPECT_EQ(task.status, Status::done);
  EXPECT_FALSE(task.due_date);
  EXPECT_EQ(task.created_at, Timestamp(1764400000123456us));
  EXPECT_EQ(task.completed_at, Timestamp(1764400001000000us));
  EXPECT_EQ(task.assignee_ids, (std::vector<std::int64_t>{4, 12}));
  EXPECT_TRUE(task.label_ids.empty());
  EXPECT_EQ(task.position, "0665V");
}

TEST(RowDescription, GivesTheParametersInTheStatementsOrder) {
  const Task task{.id = 5,
                  .user_id = 7,
                  .project_id = 3,
                  .title = "Write",
                  .description = "it",
                  .priority = Priority::high,
                  .status = Status::todo,
                  .due_date = std::nullopt,
                  .created_at = Timestamp(1764400000123456us),
                  .updated_at = Timestamp(1764400001000000us),
                  .completed_at = std::nullopt,
                  .assignee_ids = {4, 12},
                  .label_ids = {},
                  .position = "V"};
  SqlParams inserted;
  kTaskRow.append_insert_params(task, inserted);
  EXPECT_EQ(inserted, (SqlParams{"7", "3", "Write", "it", "high", "todo", std::nullopt,
                                 "2025-11-29T07:06:40.123456Z", "2025-11-29T07:06:41Z",
                                 std::nullopt, "{4,12}", "{}", "V"}));
  SqlParams updated;
  kTaskRow.append_update_params(task, updated);
  EXPECT_EQ(updated, (SqlParams{"3", "Write", "it", "high", "todo", std::nullopt,
                                "2025-11-29T07:06:41Z", std::nullopt, "{4,12}", "{}", "V"}));
}

TEST(RowDescription, ReadsAndWritesBooleansAndOptionalIds) {
  const FakeRow row{
      {"4", "Team", "", "#000000", std::nullopt, "t", "1764400000000000", "1764400000000000"}};
  const Project project = kProjectRow.read(row);
  EXPECT_FALSE(project.personal_owner_id);
  EXPECT_TRUE(project.archived);
  SqlParams inserted;
  kProjectRow.append_insert_params(Project{.name = "Mine", .personal_owner_id = 7}, inserted);
  EXPECT_EQ(inserted.at(3), "7");
  EXPECT_EQ(inserted.at(4), "false");
}

}  // namespace
}  // namespace taskflow::tasks
