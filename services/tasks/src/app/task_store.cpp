#include "app/task_store.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "app/pqxx_row.hpp"
#include "app/rows.hpp"
#include "app/task_sql.hpp"

namespace taskflow::tasks::task_store {
namespace {

// One element of a json_agg of json_build_array(select_list(..., as_text = true)).
struct JsonArrayRow {
  const nlohmann::json& values;
  bool is_null(int column) const { return values[static_cast<std::size_t>(column)].is_null(); }
  std::string_view text(int column) const {
    return values[static_cast<std::size_t>(column)].get_ref<const std::string&>();
  }
};

// The select lists, written once.
const std::string& task_columns() {
  static const std::string columns = kTaskRow.select_list();
  return columns;
}

const std::string& qualified_task_columns() {
  static const std::string columns = kTaskRow.select_list("t");
  return columns;
}

const std::string& attachment_columns() {
  static const std::string columns = kAttachmentRow.select_list("a");
  return columns;
}

// The caller's Access, in the columns after a statement's task columns: kAccessColumns, from
// access_join's tables; kMemberIdsColumn, after them when a change needs the project's members.
constexpr std::string_view kAccessColumns = "m.role, p.archived, p.personal_owner_id IS NOT NULL";
constexpr int kAccessColumnCount = 3;
constexpr std::string_view kMemberIdsColumn =
    "(SELECT array_agg(user_id) FROM memberships WHERE project_id = p.id)";

// The task's project, and the caller's membership in it if any (an outer join: the task is
// found either way, and the policy decides). A lateral subquery fenced with OFFSET 0, so the
// generic plan of a prepared statement probes (user, project) once instead of reading all of
// the caller's memberships and filtering them by project.
std::string access_join(int caller_param) {
  return fmt::format(
      " JOIN projects p ON p.id = t.project_id "
      "LEFT JOIN LATERAL (SELECT role FROM memberships WHERE project_id = t.project_id "
      "AND user_id = ${} OFFSET 0) m ON true",
      caller_param);
}

template <class Row>
Access read_access(const Row& row, int first_column) {
  Access access;
  if (!row.is_null(first_column)) access.role = parse_role(row.text(first_column));
  access.archived = row_detail::read<bool>(row, first_column + 1);
  access.personal = row_detail::read<bool>(row, first_column + 2);
  return access;
}

// A row of the task's columns, kAccessColumns and kMemberIdsColumn.
template <class Row>
TaskInProject task_in_project(const Row& row) {
  return TaskInProject{
      .task = kTaskRow.read(row),
      .access = read_access(row, kTaskRow.kSize),
      .member_ids = row_detail::read_ids(row, kTaskRow.kSize + kAccessColumnCount)};
}

std::vector<Task> tasks_from(const pqxx::result& rows) {
  std::vector<Task> tasks;
  tasks.reserve(rows.size());
  for (const auto& row : rows) tasks.push_back(kTaskRow.read(PqxxRow{row}));
  return tasks;
}

std::string list_statement_name(const std::string& sql) {
  return fmt::format("list_{:016x}", std::hash<std::string>{}(sql));
}

// Runs a statement with a variable number of text parameters. Statements of a small, bounded
// set of shapes are prepared once per connection (named by a hash of their text), which saves
// PostgreSQL the parse and plan on every request; the rest (searches, several sort fields) are
// sent unprepared, so clients cannot make a connection accumulate statements without bound.
pqxx::result exec_list_sql(pqxx::transaction_base& tx, const std::string& sql,
                           const std::vector<std::string>& params, bool prepare) {
  if (!prepare) return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
  auto name = list_statement_name(sql);
  tx.conn().prepare(name, sql);
  return tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(params));
}

bool preparable(const ListQuery& query) {
  return query.search_terms.empty() && query.ordering.size() == 1;
}

struct ListSql {
  std::string sql;
  std::vector<std::string> params;
};

ListSql with_caller_and_page(const Caller& caller, const ListQuery& query, std::string sql,
                             std::vector<std::string> filter_params) {
  ListSql page{.sql = std::move(sql), .params = std::move(filter_params)};
  page.params.insert(page.params.begin(), std::to_string(caller.user_id));
  page.params.push_back(std::to_string(query.page.size));
  page.params.push_back(std::to_string(query.page.offset()));
  return page;
}

// A page whose count the summary cannot give, with the number of matches on each row. Most
// count with `count(*) OVER ()`, which costs nothing more than the page itself when the
// matches are gathered anyway: a search's in one scan of the trigram indexes, an assignee's or
// a label's in one of their GIN index. One project's list (a board column) counts in a
// subquery of its own instead, index-only on (project_id, ...), and reads its page in order
// from an index: only the page's rows are read whole, not the project's hundreds.
ListSql counted_page_sql(const Caller& caller, const ListQuery& query) {
  auto filter = list_filter_sql(query);
  const auto limit_at = filter.params.size() + 2;
  const auto matches = visible_tasks_condition("", 1) + filter.conditions;
  const bool one_project_unsearched = query.project_id && query.search_terms.empty();
  const auto count = one_project_unsearched
                         ? fmt::format("(SELECT count(*) FROM tasks WHERE {})", matches)
                         : std::string("count(*) OVER ()");
  return with_caller_and_page(
      caller, query,
      fmt::format("SELECT {}, {} FROM tasks WHERE {} {} LIMIT ${} OFFSET ${}", task_columns(),
                  count, matches, order_by_clause(query.ordering), limit_at, limit_at + 1),
      std::move(filter.params));
}

// A page of the caller's tasks in the list's order: the first offset + size tasks of each of
// the caller's projects, each read in order from its (project_id, ...) index, then merged. A
// caller in one project reads one index range, as before projects; one in fifty reads fifty
// short ones, never every task of every project. The merge handles only the ids and the order's
// columns (index-only scans where the index covers the filter): the page's 20 rows are read
// whole afterwards, not the 1,000 a member of fifty projects merges.
ListSql filtered_page_sql(const Caller& caller, const ListQuery& query) {
  auto filter = list_filter_sql(query);
  const auto limit_at = filter.params.size() + 2;
  const auto order_by = order_by_clause(query.ordering);
  std::string order_columns;
  for (const auto& term : query.ordering) {
    order_columns += ", ";
    order_columns += order_field_name(term.field);
  }
  return with_caller_and_page(
      caller, query,
      fmt::format(
          "SELECT {} FROM tasks WHERE id IN ("
          "SELECT t.id FROM memberships m CROSS JOIN LATERAL ("
          "SELECT id{} FROM tasks WHERE project_id = m.project_id{} {} "
          "LIMIT ${}::bigint + ${}::bigint) t WHERE m.user_id = $1 {} LIMIT ${} OFFSET ${}) "
          "{}",
          task_columns(), order_columns, filter.conditions, order_by, limit_at, limit_at + 1,
          order_by, limit_at, limit_at + 1, order_by),
      std::move(filter.params));
}

// Open tasks due by now + window (and, for due-soon reminders, not yet past due) whose
// reminder `marker` does not match their due date; marks and returns them with their project's
// members (the access has no role: nobody asked).
std::vector<TaskInProject> claim_reminders(pqxx::work& tx, std::string_view marker,
                                           bool only_future, Timestamp now,
                                           std::chrono::seconds window, std::int64_t limit) {
  auto rows = tx.exec_params(
      fmt::format("WITH due AS (SELECT id AS due_id FROM tasks WHERE due_date IS NOT NULL "
                  "AND status IN ('todo', 'in_progress', 'review') "
                  "AND due_date <= $1::timestamptz + make_interval(secs => $2) {} "
                  "AND {} IS DISTINCT FROM due_date ORDER BY due_date LIMIT $3 "
                  "FOR UPDATE SKIP LOCKED) "
                  "UPDATE tasks t SET {} = due_date FROM due, projects p "
                  "WHERE t.id = due.due_id AND p.id = t.project_id "
                  "RETURNING {}, NULL, p.archived, p.personal_owner_id IS NOT NULL, {}",
                  only_future ? "AND due_date > $1::timestamptz" : "", marker, marker,
                  qualified_task_columns(), kMemberIdsColumn),
      format_timestamp(now), static_cast<double>(window.count()), limit);
  std::vector<TaskInProject> claimed;
  for (const auto& row : rows) claimed.push_back(task_in_project(PqxxRow{row}));
  return claimed;
}

}  // namespace

Awaitable<Task> insert_created(pg::AsyncPool& io_db, const Task& task, const OutboxEvent& event,
                               const nlohmann::json& activity_changes) {
  static const int event_params_at = kTaskRow.insert_param_count() + 1;
  static const pg::Statement statement{
      "task_insert_created",
      fmt::format("WITH created AS ({} RETURNING *), "
                  "event AS (INSERT INTO outbox (event_id, routing_key, task_id, payload) "
                  "SELECT ${}::uuid, ${}, id, jsonb_set(${}::jsonb, '{{data,id}}', to_jsonb(id)) "
                  "FROM created), "
                  "logged AS (INSERT INTO activity (project_id, task_id, actor_id, action, "
                  "changes, created_at) "
                  "SELECT project_id, id, user_id, 'created', ${}::jsonb, created_at FROM created) "
                  "SELECT {} FROM created",
                  kTaskRow.insert_sql(1), event_params_at, event_params_at + 1, event_params_at + 2,
                  event_params_at + 3, task_columns())};
  std::vector<pg::Param> params;
  kTaskRow.append_insert_params(task, params);
  params.push_back(event.event_id);
  params.push_back(event.routing_key);
  params.push_back(event.message.dump());
  params.push_back(activity_changes.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  auto rows = co_await io_db.query(statement, std::move(params));
  co_return kTaskRow.read(rows[0]);
}

Awaitable<std::int64_t> personal_project_id(pg::AsyncPool& io_db, std::int64_t user_id) {
  static const pg::Statement statement{"personal_project_of", "SELECT personal_project_of($1)"};
  std::vector<pg::Param> params{std::to_string(user_id)};
  auto rows = co_await io_db.query(statement, std::move(params));
  co_return row_detail::integer(rows[0].text(0));
}

namespace {

const std::string& project_access_sql() {
  static const std::string sql = fmt::format(
      "SELECT {}, {} FROM projects p "
      "LEFT JOIN memberships m ON m.project_id = p.id AND m.user_id = $2 WHERE p.id = $1",
      kAccessColumns, kMemberIdsColumn);
  return sql;
}

template <class Row>
ProjectAccess project_access_of(const Row& row) {
  return ProjectAccess{.access = read_access(row, 0),
                       .member_ids = row_detail::read_ids(row, kAccessColumnCount)};
}

}  // namespace

Awaitable<ProjectAccess> project_access(pg::AsyncPool& io_db, const Caller& caller,
                                        std::int64_t project_id) {
  static const pg::Statement statement{"project_access", project_access_sql()};
  std::vector<pg::Param> params{std::to_string(project_id), std::to_string(caller.user_id)};
  auto rows = co_await io_db.query(statement, std::move(params));
  if (rows.empty()) co_return ProjectAccess{};
  co_return project_access_of(rows[0]);
}

ProjectAccess project_access(pqxx::transaction_base& tx, const Caller& caller,
                             std::int64_t project_id) {
  tx.conn().prepare("project_access", project_access_sql());
  auto rows = tx.exec_prepared("project_access", project_id, caller.user_id);
  if (rows.empty()) return ProjectAccess{};
  return project_access_of(PqxxRow{rows[0]});
}

std::optional<TaskInProject> find(pqxx::transaction_base& tx, const Caller& caller, std::int64_t id,
                                  bool lock_for_update) {
  const std::string name = lock_for_update ? "task_find_for_update" : "task_find";
  tx.conn().prepare(name, fmt::format("SELECT {}, {}, {} FROM tasks t{} WHERE t.id = $1{}",
                                      qualified_task_columns(), kAccessColumns, kMemberIdsColumn,
                                      access_join(2), lock_for_update ? " FOR UPDATE OF t" : ""));
  auto result = tx.exec_prepared(name, id, caller.user_id);
  if (result.empty()) return std::nullopt;
  return task_in_project(PqxxRow{result[0]});
}

std::vector<TaskInProject> find_many_for_update(pqxx::work& tx, const Caller& caller,
                                                const std::vector<std::int64_t>& ids) {
  std::vector<std::string> texts;
  for (auto id : ids) texts.push_back(std::to_string(id));
  auto rows = tx.exec_params(
      fmt::format("SELECT {}, {}, {} FROM tasks t{} WHERE t.id = ANY($2::bigint[]) "
                  "AND m.role IS NOT NULL ORDER BY t.id FOR UPDATE OF t",
                  qualified_task_columns(), kAccessColumns, kMemberIdsColumn, access_join(1)),
      caller.user_id, text_array_literal(texts));
  std::vector<TaskInProject> found;
  found.reserve(rows.size());
  for (const auto& row : rows) found.push_back(task_in_project(PqxxRow{row}));
  return found;
}

void save(pqxx::work& tx, const Task& task) {
  static const std::string sql =
      fmt::format("UPDATE tasks SET {} WHERE id = $1", kTaskRow.update_assignments(2));
  tx.conn().prepare("task_save", sql);
  SqlParams params{std::to_string(task.id)};
  kTaskRow.append_update_params(task, params);
  tx.exec_prepared("task_save", pqxx::prepare::make_dynamic_params(params));
}

std::vector<std::string> remove(pqxx::work& tx, std::int64_t task_id) {
  auto files = tx.exec_params("SELECT storage_name FROM attachments WHERE task_id = $1", task_id);
  tx.exec_params("DELETE FROM tasks WHERE id = $1", task_id);
  std::vector<std::string> names;
  for (const auto& row : files) names.push_back(row[0].as<std::string>());
  return names;
}

std::pair<std::vector<Task>, std::vector<std::string>> remove_all_in_project(
    pqxx::work& tx, std::int64_t project_id) {
  static const std::string sql =
      fmt::format("DELETE FROM tasks WHERE project_id = $1 RETURNING {}", task_columns());
  auto files = tx.exec_params(
      "SELECT a.storage_name FROM attachments a JOIN tasks t ON t.id = a.task_id "
      "WHERE t.project_id = $1",
      project_id);
  std::vector<std::string> names;
  for (const auto& row : files) names.push_back(row[0].as<std::string>());
  return {tasks_from(tx.exec_params(sql, project_id)), std::move(names)};
}

Awaitable<std::optional<TaskDetail>> find_detail(pg::AsyncPool& io_db, const Caller& caller,
                                                 std::int64_t id, std::int64_t comment_limit) {
  static const pg::Statement statement{
      "task_detail",
      fmt::format("SELECT {}, {}, "
                  "(SELECT coalesce(json_agg(json_build_array({}) ORDER BY c.created_at, c.id), "
                  "   '[]') "
                  " FROM (SELECT * FROM comments WHERE task_id = t.id "
                  "       ORDER BY created_at, id LIMIT $3) c), "
                  "(SELECT coalesce(json_agg(json_build_array({}) ORDER BY a.created_at, a.id), "
                  "   '[]') "
                  " FROM attachments a WHERE a.task_id = t.id) "
                  "FROM tasks t CROSS JOIN LATERAL (SELECT role FROM memberships "
                  "WHERE project_id = t.project_id AND user_id = $2 OFFSET 0) m WHERE t.id = $1",
                  qualified_task_columns(), "m.role", kCommentRow.select_list("c", true),
                  kAttachmentRow.select_list("a", true))};
  // OFFSET 0 keeps the membership a probe of (user_id, project_id) for the task's project: a
  // plain join lets the generic plan read all of the caller's memberships and filter them.
  // The aggregates follow the task's columns and the role.
  constexpr int kRoleColumn = kTaskRow.kSize;
  constexpr int kCommentsColumn = kRoleColumn + 1;
  constexpr int kAttachmentsColumn = kCommentsColumn + 1;
  std::vector<pg::Param> params{std::to_string(id), std::to_string(caller.user_id),
                                std::to_string(comment_limit)};
  auto rows = co_await io_db.query(statement, std::move(params));
  if (rows.empty()) co_return std::nullopt;
  const auto row = rows[0];
  TaskDetail detail{.task = kTaskRow.read(row),
                    .role = parse_role(row.text(kRoleColumn)),
                    .comments = {},
                    .attachments = {}};
  const auto comments = row.text(kCommentsColumn);
  for (const auto& values : nlohmann::json::parse(comments.begin(), comments.end())) {
    detail.comments.push_back(kCommentRow.read(JsonArrayRow{values}));
  }
  const auto attachments = row.text(kAttachmentsColumn);
  for (const auto& values : nlohmann::json::parse(attachments.begin(), attachments.end())) {
    detail.attachments.push_back(kAttachmentRow.read(JsonArrayRow{values}));
  }
  co_return detail;
}

std::int64_t count(pqxx::transaction_base& tx, const Caller& caller, const ListQuery& query) {
  auto filter = list_filter_sql(query);
  filter.params.insert(filter.params.begin(), std::to_string(caller.user_id));
  return exec_list_sql(tx,
                       "SELECT count(*) FROM tasks WHERE " + visible_tasks_condition("", 1) +
                           filter.conditions,
                       filter.params, preparable(query))[0][0]
      .as<std::int64_t>();
}

Awaitable<std::vector<Task>> page(pg::AsyncPool& io_db, const Caller& caller,
                                  const ListQuery& query) {
  auto page = filtered_page_sql(caller, query);
  pg::Statement statement{.name = preparable(query) ? list_statement_name(page.sql) : "",
                          .sql = std::move(page.sql)};
  std::vector<pg::Param> params(page.params.begin(), page.params.end());
  auto rows = co_await io_db.query(statement, std::move(params));
  std::vector<Task> tasks;
  tasks.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) tasks.push_back(kTaskRow.read(rows[i]));
  co_return tasks;
}

TaskPage counted_page(pqxx::transaction_base& tx, const Caller& caller, const ListQuery& query) {
  auto page = counted_page_sql(caller, query);
  auto rows = exec_list_sql(tx, page.sql, page.params, preparable(query));
  // No row: an empty result or a page past the end, and only a count tells which.
  if (rows.empty()) return TaskPage{.count = count(tx, caller, query), .tasks = {}};
  // The count follows the task's columns.
  return TaskPage{.count = rows[0][kTaskRow.kSize].as<std::int64_t>(), .tasks = tasks_from(rows)};
}

namespace {

// The summary of the tasks `scope` selects, with $1 bound to `scope_param` (and $3 to
// `third_param`): an index-only scan of (project_id, status, priority, due_date) for each
// project in it.
TaskSummary summary_of(pqxx::transaction_base& tx, const std::string& statement_name,
                       const std::string& scope, std::int64_t scope_param, Timestamp now,
                       std::optional<std::int64_t> third_param = std::nullopt) {
  tx.conn().prepare(
      statement_name,
      fmt::format("SELECT status, priority, count(*), "
                  "count(*) FILTER (WHERE due_date < $2::timestamptz "
                  "                 AND status IN ('todo', 'in_progress', 'review')), "
                  "(extract(epoch FROM min(due_date) FILTER ("
                  "   WHERE due_date >= $2::timestamptz "
                  "   AND status IN ('todo', 'in_progress', 'review'))) * 1000000)::bigint "
                  "FROM tasks WHERE {} GROUP BY status, priority",
                  scope));
  TaskSummary summary;
  std::vector<std::string> params{std::to_string(scope_param), format_timestamp(now)};
  if (third_param) params.push_back(std::to_string(*third_param));
  for (const auto& row :
       tx.exec_prepared(statement_name, pqxx::prepare::make_dynamic_params(params))) {
    auto status = parse_status(row[0].as<std::string>());
    auto priority = parse_priority(row[1].as<std::string>());
    if (!status || !priority) continue;  // the table's CHECK constraints make this impossible
    summary.counts[static_cast<std::size_t>(*status)][static_cast<std::size_t>(*priority)] =
        row[2].as<std::int64_t>();
    summary.overdue += row[3].as<std::int64_t>();
    if (row[4].is_null()) continue;
    const Timestamp next{std::chrono::microseconds(row[4].as<std::int64_t>())};
    if (!summary.overdue_changes_at || next < *summary.overdue_changes_at) {
      summary.overdue_changes_at = next;
    }
  }
  return summary;
}

}  // namespace

TaskSummary summary(pqxx::transaction_base& tx, const Caller& caller, Timestamp now) {
  static const std::string scope = visible_tasks_condition("", 1);
  return summary_of(tx, "task_summary", scope, caller.user_id, now);
}

TaskSummary project_summary(pqxx::transaction_base& tx, const Caller& caller,
                            std::int64_t project_id, Timestamp now) {
  return summary_of(tx, "project_summary",
                    "project_id = $1 AND EXISTS (SELECT 1 FROM memberships "
                    "WHERE project_id = $1 AND user_id = $3)",
                    project_id, now, caller.user_id);
}

Comment add_comment(pqxx::work& tx, const Comment& comment) {
  return insert_returning_id(tx, kCommentRow, comment);
}

std::pair<std::int64_t, std::vector<Comment>> comments(pqxx::transaction_base& tx,
                                                       std::int64_t task_id,
                                                       const PageRequest& page) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM comments WHERE task_id = $1 ORDER BY created_at, id "
      "LIMIT $2 OFFSET $3",
      kCommentRow.select_list());
  auto count = tx.exec_params("SELECT count(*) FROM comments WHERE task_id = $1", task_id)[0][0]
                   .as<std::int64_t>();
  std::vector<Comment> found;
  for (const auto& row : tx.exec_params(sql, task_id, page.size, page.offset())) {
    found.push_back(kCommentRow.read(PqxxRow{row}));
  }
  return {count, std::move(found)};
}

Attachment add_attachment(pqxx::work& tx, const Attachment& attachment) {
  return insert_returning_id(tx, kAttachmentRow, attachment);
}

std::vector<Attachment> attachments(pqxx::transaction_base& tx, std::int64_t task_id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM attachments a WHERE a.task_id = $1 ORDER BY a.created_at, a.id",
                  attachment_columns());
  std::vector<Attachment> found;
  for (const auto& row : tx.exec_params(sql, task_id)) {
    found.push_back(kAttachmentRow.read(PqxxRow{row}));
  }
  return found;
}

std::optional<std::pair<TaskInProject, Attachment>> find_attachment(pqxx::transaction_base& tx,
                                                                    const Caller& caller,
                                                                    std::int64_t task_id,
                                                                    std::int64_t attachment_id) {
  static const std::string sql = fmt::format(
      "SELECT {}, {}, {} FROM attachments a JOIN tasks t ON t.id = a.task_id{} "
      "WHERE a.id = $1 AND a.task_id = $2",
      qualified_task_columns(), kAccessColumns, attachment_columns(), access_join(3));
  auto rows = tx.exec_params(sql, attachment_id, task_id, caller.user_id);
  if (rows.empty()) return std::nullopt;
  const PqxxRow row{rows[0]};
  // The attachment's columns follow the task's and the access columns.
  return std::pair{
      TaskInProject{
          .task = kTaskRow.read(row), .access = read_access(row, kTaskRow.kSize), .member_ids = {}},
      kAttachmentRow.read(row, kTaskRow.kSize + kAccessColumnCount)};
}

std::vector<TaskInProject> claim_due_soon(pqxx::work& tx, Timestamp now,
                                          std::chrono::seconds window, std::int64_t limit) {
  return claim_reminders(tx, kDueSoonSentFor, true, now, window, limit);
}

std::vector<TaskInProject> claim_overdue(pqxx::work& tx, Timestamp now, std::int64_t limit) {
  return claim_reminders(tx, kOverdueSentFor, false, now, std::chrono::seconds(0), limit);
}

void append_event(pqxx::work& tx, const OutboxEvent& event) {
  tx.conn().prepare("outbox_insert",
                    "INSERT INTO outbox (event_id, routing_key, task_id, payload) "
                    "VALUES ($1::uuid, $2, $3, $4::jsonb)");
  tx.exec_prepared("outbox_insert", event.event_id, event.routing_key, event.task_id,
                   event.message.dump());
}

MissingReferences missing_references(pqxx::transaction_base& tx, std::int64_t project_id,
                                     const std::vector<std::int64_t>& assignees,
                                     const std::vector<std::int64_t>& labels) {
  tx.conn().prepare("task_missing_references",
                    "SELECT ARRAY(SELECT unnest($2::bigint[]) EXCEPT "
                    "             SELECT user_id FROM memberships WHERE project_id = $1), "
                    "       ARRAY(SELECT unnest($3::bigint[]) EXCEPT "
                    "             SELECT id FROM labels WHERE project_id = $1)");
  auto rows = tx.exec_prepared("task_missing_references", project_id,
                               row_detail::ids_literal(assignees), row_detail::ids_literal(labels));
  const PqxxRow row{rows[0]};
  auto missing = MissingReferences{.assignees = row_detail::read_ids(row, 0),
                                   .labels = row_detail::read_ids(row, 1)};
  std::sort(missing.assignees.begin(), missing.assignees.end());
  std::sort(missing.labels.begin(), missing.labels.end());
  return missing;
}

std::vector<std::int64_t> members_named(pqxx::transaction_base& tx, std::int64_t project_id,
                                        const std::vector<std::string>& usernames) {
  auto rows = tx.exec_params(
      "SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id "
      "WHERE m.project_id = $1 AND lower(u.username) = ANY($2::text[]) ORDER BY m.user_id",
      project_id, text_array_literal(usernames));
  std::vector<std::int64_t> ids;
  for (const auto& row : rows) ids.push_back(row[0].as<std::int64_t>());
  return ids;
}

std::string username_of(pqxx::transaction_base& tx, std::int64_t user_id) {
  auto rows = tx.exec_params("SELECT username FROM users WHERE id = $1", user_id);
  return rows.empty() ? std::string() : rows[0][0].as<std::string>();
}

Task insert(pqxx::work& tx, const Task& task) {
  return insert_returning_id(tx, kTaskRow, task);
}

void lock_column(pqxx::work& tx, std::int64_t project_id, Status status) {
  tx.conn().prepare(
      "task_lock_column",
      "SELECT pg_advisory_xact_lock(hashtextextended('board ' || $1 || ' ' || $2, 0))");
  tx.exec_prepared("task_lock_column", project_id, std::string(to_string(status)));
}

std::optional<std::string> next_position(pqxx::transaction_base& tx, std::int64_t project_id,
                                         Status status, const std::optional<Task>& after,
                                         std::int64_t moving) {
  tx.conn().prepare("task_first_position",
                    "SELECT position FROM tasks WHERE project_id = $1 AND status = $2 AND id <> $3 "
                    "ORDER BY position, id LIMIT 1");
  tx.conn().prepare("task_next_position",
                    "SELECT position FROM tasks WHERE project_id = $1 AND status = $2 AND id <> $3 "
                    "AND (position, id) > ($4, $5) ORDER BY position, id LIMIT 1");
  const std::string column(to_string(status));
  auto rows = after ? tx.exec_prepared("task_next_position", project_id, column, moving,
                                       after->position, after->id)
                    : tx.exec_prepared("task_first_position", project_id, column, moving);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

}  // namespace taskflow::tasks::task_store
