#include "app/task_store.hpp"

#include <array>
#include <charconv>
#include <random>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

namespace taskflow::tasks {
namespace {

// Timestamps travel as microseconds since the epoch out of PostgreSQL (exact) and as ISO 8601
// text into it, so nothing is lost either way.
constexpr std::string_view kTaskColumns =
    "id, user_id, title, description, priority, status, "
    "(extract(epoch FROM due_date) * 1000000)::bigint, "
    "(extract(epoch FROM created_at) * 1000000)::bigint, "
    "(extract(epoch FROM updated_at) * 1000000)::bigint, "
    "(extract(epoch FROM completed_at) * 1000000)::bigint";
// Where the columns a statement selects after kTaskColumns start.
constexpr int kAfterTaskColumns = 10;

Timestamp from_micros(std::int64_t micros) {
  return Timestamp(std::chrono::microseconds(micros));
}

std::optional<std::string> iso(const std::optional<Timestamp>& at) {
  if (!at) return std::nullopt;
  return format_timestamp(*at);
}

std::int64_t integer(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw std::runtime_error(fmt::format("not an integer column: '{}'", text));
  }
  return value;
}

// A libpqxx row seen as a pg::Rows::Row, so one parser reads what either client returned.
struct PqxxRow {
  const pqxx::row& row;
  bool is_null(int column) const { return row[column].is_null(); }
  std::string_view text(int column) const { return {row[column].c_str(), row[column].size()}; }
};

template <class Row>
std::optional<Timestamp> optional_time(const Row& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return from_micros(integer(row.text(column)));
}

// The kTaskColumns of a row.
template <class Row>
Task task_from_fields(const Row& row) {
  Task task;
  task.id = integer(row.text(0));
  task.user_id = integer(row.text(1));
  task.title = row.text(2);
  task.description = row.text(3);
  task.priority = parse_priority(row.text(4)).value_or(Priority::medium);
  task.status = parse_status(row.text(5)).value_or(Status::todo);
  task.due_date = optional_time(row, 6);
  task.created_at = from_micros(integer(row.text(7)));
  task.updated_at = from_micros(integer(row.text(8)));
  task.completed_at = optional_time(row, 9);
  return task;
}

Task task_from_row(const pqxx::row& row) {
  return task_from_fields(PqxxRow{row});
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

}  // namespace

std::string uuid_v4() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::array<std::uint64_t, 2> bits{random(), random()};
  bits[0] = (bits[0] & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  bits[1] = (bits[1] & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", bits[0] >> 32, (bits[0] >> 16) & 0xffff,
                     bits[0] & 0xffff, bits[1] >> 48, bits[1] & 0xffffffffffffULL);
}

nlohmann::json comment_to_json(const Comment& comment) {
  return {{"id", comment.id},
          {"content", comment.content},
          {"user_id", comment.user_id},
          {"created_at", format_timestamp(comment.created_at)},
          {"updated_at", format_timestamp(comment.updated_at)}};
}

nlohmann::json attachment_to_json(const Attachment& attachment) {
  return {{"id", attachment.id},
          {"file_name", attachment.file_name},
          {"file_size", attachment.file_size},
          {"mime_type", attachment.mime_type},
          {"user_id", attachment.user_id},
          {"created_at", format_timestamp(attachment.created_at)},
          {"download_url",
           fmt::format("/api/tasks/{}/attachments/{}/", attachment.task_id, attachment.id)}};
}

namespace task_store {

Awaitable<Task> insert_created(pg::AsyncPool& io_db, const Task& task, Timestamp now) {
  static const pg::Statement statement{
      "task_insert_created",
      fmt::format("WITH created AS ("
                  "INSERT INTO tasks (user_id, title, description, priority, status, due_date, "
                  "created_at, updated_at, completed_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, "
                  "$8::timestamptz, $9::timestamptz) RETURNING *), "
                  "event AS (INSERT INTO outbox (event_id, routing_key, task_id, payload) "
                  "SELECT $10::uuid, $11, id, jsonb_set($12::jsonb, '{{data,id}}', to_jsonb(id)) "
                  "FROM created) "
                  "SELECT {} FROM created",
                  kTaskColumns)};
  // The event is the task.created event of the task as given; the statement puts the new id
  // into its data, so the one statement writes both rows (atomic on its own, one round trip).
  auto event_id = uuid_v4();
  auto event = make_event(EventType::task_created, event_id, now, task.user_id, task_to_json(task));
  std::vector<pg::Param> params{std::to_string(task.user_id),
                                task.title,
                                task.description,
                                std::string(to_string(task.priority)),
                                std::string(to_string(task.status)),
                                iso(task.due_date),
                                format_timestamp(task.created_at),
                                format_timestamp(task.updated_at),
                                iso(task.completed_at),
                                event_id,
                                std::string(routing_key_for(EventType::task_created)),
                                event.dump()};
  auto rows = co_await io_db.query(statement, std::move(params));
  co_return task_from_fields(rows[0]);
}

std::optional<Task> find(pqxx::transaction_base& tx, std::int64_t user_id, std::int64_t id,
                         bool lock_for_update) {
  const std::string name = lock_for_update ? "task_find_for_update" : "task_find";
  tx.conn().prepare(name, fmt::format("SELECT {} FROM tasks WHERE id = $1 AND user_id = $2{}",
                                      kTaskColumns, lock_for_update ? " FOR UPDATE" : ""));
  auto result = tx.exec_prepared(name, id, user_id);
  if (result.empty()) return std::nullopt;
  return task_from_row(result[0]);
}

std::vector<Task> find_many_for_update(pqxx::work& tx, std::int64_t user_id,
                                       const std::vector<std::int64_t>& ids) {
  std::vector<std::string> texts;
  for (auto id : ids) texts.push_back(std::to_string(id));
  // Locked in id order, so two bulk updates over overlapping tasks cannot deadlock.
  auto result = tx.exec_params(
      fmt::format("SELECT {} FROM tasks WHERE user_id = $1 AND id = ANY($2::bigint[]) "
                  "ORDER BY id FOR UPDATE",
                  kTaskColumns),
      user_id, text_array_literal(texts));
  std::vector<Task> tasks;
  for (const auto& row : result) tasks.push_back(task_from_row(row));
  return tasks;
}

void save(pqxx::work& tx, const Task& task) {
  tx.conn().prepare(
      "task_save",
      "UPDATE tasks SET title = $3, description = $4, priority = $5, status = $6, "
      "due_date = $7::timestamptz, updated_at = $8::timestamptz, completed_at = $9::timestamptz "
      "WHERE id = $1 AND user_id = $2");
  tx.exec_prepared("task_save", task.id, task.user_id, task.title, task.description,
                   std::string(to_string(task.priority)), std::string(to_string(task.status)),
                   iso(task.due_date), format_timestamp(task.updated_at), iso(task.completed_at));
}

std::optional<std::vector<std::string>> remove(pqxx::work& tx, std::int64_t user_id,
                                               std::int64_t id) {
  auto files = tx.exec_params(
      "SELECT a.storage_name FROM attachments a JOIN tasks t ON t.id = a.task_id "
      "WHERE t.id = $1 AND t.user_id = $2",
      id, user_id);
  auto deleted = tx.exec_params("DELETE FROM tasks WHERE id = $1 AND user_id = $2", id, user_id);
  if (deleted.affected_rows() == 0) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& row : files) names.push_back(row[0].as<std::string>());
  return names;
}

Awaitable<std::optional<TaskDetail>> find_detail(pg::AsyncPool& io_db, std::int64_t user_id,
                                                 std::int64_t id, std::int64_t comment_limit) {
  static const pg::Statement statement{
      "task_detail",
      fmt::format(
          "SELECT {}, "
          "(SELECT coalesce(json_agg(json_build_array(c.id, c.user_id, c.content, "
          "   (extract(epoch FROM c.created_at) * 1000000)::bigint, "
          "   (extract(epoch FROM c.updated_at) * 1000000)::bigint) ORDER BY c.created_at, c.id), "
          "   '[]') "
          " FROM (SELECT * FROM comments WHERE task_id = t.id ORDER BY created_at, id LIMIT $3) "
          "c), "
          "(SELECT coalesce(json_agg(json_build_array(a.id, a.user_id, a.file_name, "
          "   a.storage_name, a.file_size, a.mime_type, "
          "   (extract(epoch FROM a.created_at) * 1000000)::bigint) ORDER BY a.created_at, a.id), "
          "   '[]') "
          " FROM attachments a WHERE a.task_id = t.id) "
          "FROM tasks t WHERE t.id = $1 AND t.user_id = $2",
          kTaskColumns)};
  std::vector<pg::Param> params{std::to_string(id), std::to_string(user_id),
                                std::to_string(comment_limit)};
  auto rows = co_await io_db.query(statement, std::move(params));
  if (rows.empty()) co_return std::nullopt;
  const auto row = rows[0];
  TaskDetail detail{.task = task_from_fields(row), .comments = {}, .attachments = {}};
  const auto comments = row.text(kAfterTaskColumns);
  for (const auto& c : nlohmann::json::parse(comments.begin(), comments.end())) {
    detail.comments.push_back(Comment{c[0], id, c[1], c[2], from_micros(c[3]), from_micros(c[4])});
  }
  const auto attachments = row.text(kAfterTaskColumns + 1);
  for (const auto& a : nlohmann::json::parse(attachments.begin(), attachments.end())) {
    detail.attachments.push_back(
        Attachment{a[0], id, a[1], a[2], a[3], a[4], a[5], from_micros(a[6])});
  }
  co_return detail;
}

std::int64_t count(pqxx::transaction_base& tx, std::int64_t user_id, const ListQuery& query) {
  auto filter = list_filter_sql(query);
  filter.params.insert(filter.params.begin(), std::to_string(user_id));
  return exec_list_sql(tx, "SELECT count(*) FROM tasks" + filter.where, filter.params,
                       preparable(query))[0][0]
      .as<std::int64_t>();
}

namespace {

// `count(*) OVER ()` adds the number of matching rows to each row of the page, which costs
// nothing more than the page itself when the matches are gathered anyway (a search).
struct ListSql {
  std::string sql;
  std::vector<std::string> params;
};

ListSql page_sql(std::int64_t user_id, const ListQuery& query, bool with_count) {
  auto filter = list_filter_sql(query);
  const auto limit_at = filter.params.size() + 2;
  ListSql page{.sql = fmt::format("SELECT {}{} FROM tasks{} {} LIMIT ${} OFFSET ${}", kTaskColumns,
                                  with_count ? ", count(*) OVER ()" : "", filter.where,
                                  order_by_clause(query.ordering), limit_at, limit_at + 1),
               .params = std::move(filter.params)};
  page.params.insert(page.params.begin(), std::to_string(user_id));
  page.params.push_back(std::to_string(query.page.size));
  page.params.push_back(std::to_string(query.page.offset()));
  return page;
}

pqxx::result page_rows(pqxx::transaction_base& tx, std::int64_t user_id, const ListQuery& query,
                       bool with_count) {
  auto page = page_sql(user_id, query, with_count);
  return exec_list_sql(tx, page.sql, page.params, preparable(query));
}

}  // namespace

Awaitable<std::vector<Task>> page(pg::AsyncPool& io_db, std::int64_t user_id,
                                  const ListQuery& query) {
  auto page = page_sql(user_id, query, false);
  pg::Statement statement{.name = preparable(query) ? list_statement_name(page.sql) : "",
                          .sql = std::move(page.sql)};
  std::vector<pg::Param> params(page.params.begin(), page.params.end());
  auto rows = co_await io_db.query(statement, std::move(params));
  std::vector<Task> tasks;
  tasks.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) tasks.push_back(task_from_fields(rows[i]));
  co_return tasks;
}

TaskPage counted_page(pqxx::transaction_base& tx, std::int64_t user_id, const ListQuery& query) {
  auto rows = page_rows(tx, user_id, query, true);
  // No row: an empty result or a page past the end, and only a count tells which.
  if (rows.empty()) return TaskPage{.count = count(tx, user_id, query), .tasks = {}};
  TaskPage found{.count = rows[0][kAfterTaskColumns].as<std::int64_t>(), .tasks = {}};
  for (const auto& row : rows) found.tasks.push_back(task_from_row(row));
  return found;
}

TaskSummary summary(pqxx::transaction_base& tx, std::int64_t user_id, Timestamp now) {
  // One index-only scan of (user_id, status, priority, due_date).
  tx.conn().prepare(
      "task_summary",
      "SELECT status, priority, count(*), "
      "count(*) FILTER (WHERE due_date < $2::timestamptz "
      "                 AND status IN ('todo', 'in_progress', 'review')), "
      "(extract(epoch FROM min(due_date) FILTER ("
      "   WHERE due_date >= $2::timestamptz AND status IN ('todo', 'in_progress', 'review')))"
      " * 1000000)::bigint "
      "FROM tasks WHERE user_id = $1 GROUP BY status, priority");
  TaskSummary summary;
  for (const auto& row : tx.exec_prepared("task_summary", user_id, format_timestamp(now))) {
    auto status = parse_status(row[0].as<std::string>());
    auto priority = parse_priority(row[1].as<std::string>());
    if (!status || !priority) continue;  // the table's CHECK constraints make this impossible
    summary.counts[static_cast<std::size_t>(*status)][static_cast<std::size_t>(*priority)] =
        row[2].as<std::int64_t>();
    summary.overdue += row[3].as<std::int64_t>();
    if (auto next = optional_time(PqxxRow{row}, 4)) {
      if (!summary.overdue_changes_at || *next < *summary.overdue_changes_at) {
        summary.overdue_changes_at = next;
      }
    }
  }
  return summary;
}

Comment add_comment(pqxx::work& tx, const Comment& comment) {
  auto row = tx.exec_params(
      "INSERT INTO comments (task_id, user_id, content, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz) RETURNING id",
      comment.task_id, comment.user_id, comment.content, format_timestamp(comment.created_at))[0];
  Comment stored = comment;
  stored.id = row[0].as<std::int64_t>();
  return stored;
}

std::pair<std::int64_t, std::vector<Comment>> comments(pqxx::transaction_base& tx,
                                                       std::int64_t task_id,
                                                       const PageRequest& page) {
  auto count = tx.exec_params("SELECT count(*) FROM comments WHERE task_id = $1", task_id)[0][0]
                   .as<std::int64_t>();
  std::vector<Comment> found;
  auto rows = tx.exec_params(
      "SELECT id, task_id, user_id, content, "
      "(extract(epoch FROM created_at) * 1000000)::bigint, "
      "(extract(epoch FROM updated_at) * 1000000)::bigint "
      "FROM comments WHERE task_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3",
      task_id, page.size, page.offset());
  for (const auto& row : rows) {
    found.push_back(Comment{row[0].as<std::int64_t>(), row[1].as<std::int64_t>(),
                            row[2].as<std::int64_t>(), row[3].as<std::string>(),
                            from_micros(row[4].as<std::int64_t>()),
                            from_micros(row[5].as<std::int64_t>())});
  }
  return {count, std::move(found)};
}

Attachment add_attachment(pqxx::work& tx, const Attachment& attachment) {
  auto row = tx.exec_params(
      "INSERT INTO attachments (task_id, user_id, file_name, storage_name, file_size, mime_type, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz) RETURNING id",
      attachment.task_id, attachment.user_id, attachment.file_name, attachment.storage_name,
      attachment.file_size, attachment.mime_type, format_timestamp(attachment.created_at))[0];
  Attachment stored = attachment;
  stored.id = row[0].as<std::int64_t>();
  return stored;
}

namespace {
constexpr std::string_view kAttachmentColumns =
    "a.id, a.task_id, a.user_id, a.file_name, a.storage_name, a.file_size, a.mime_type, "
    "(extract(epoch FROM a.created_at) * 1000000)::bigint";

Attachment attachment_from_row(const pqxx::row& row) {
  return Attachment{row[0].as<std::int64_t>(), row[1].as<std::int64_t>(),
                    row[2].as<std::int64_t>(), row[3].as<std::string>(),
                    row[4].as<std::string>(),  row[5].as<std::int64_t>(),
                    row[6].as<std::string>(),  from_micros(row[7].as<std::int64_t>())};
}
}  // namespace

std::vector<Attachment> attachments(pqxx::transaction_base& tx, std::int64_t task_id) {
  std::vector<Attachment> found;
  auto rows = tx.exec_params(
      fmt::format("SELECT {} FROM attachments a WHERE a.task_id = $1 ORDER BY a.created_at, a.id",
                  kAttachmentColumns),
      task_id);
  for (const auto& row : rows) found.push_back(attachment_from_row(row));
  return found;
}

std::optional<Attachment> find_attachment(pqxx::transaction_base& tx, std::int64_t user_id,
                                          std::int64_t task_id, std::int64_t attachment_id) {
  auto rows =
      tx.exec_params(fmt::format("SELECT {} FROM attachments a JOIN tasks t ON t.id = a.task_id "
                                 "WHERE a.id = $1 AND a.task_id = $2 AND t.user_id = $3",
                                 kAttachmentColumns),
                     attachment_id, task_id, user_id);
  if (rows.empty()) return std::nullopt;
  return attachment_from_row(rows[0]);
}

namespace {

// Open tasks due by now + window (and, for due-soon reminders, not yet past due) whose
// reminder `marker` does not match their due date; marks and returns them.
std::vector<Task> claim_reminders(pqxx::work& tx, std::string_view marker, bool only_future,
                                  Timestamp now, std::chrono::seconds window, std::int64_t limit) {
  auto rows = tx.exec_params(
      fmt::format("WITH due AS (SELECT id AS due_id FROM tasks WHERE due_date IS NOT NULL "
                  "AND status IN ('todo', 'in_progress', 'review') "
                  "AND due_date <= $1::timestamptz + make_interval(secs => $2) {} "
                  "AND {} IS DISTINCT FROM due_date ORDER BY due_date LIMIT $3 "
                  "FOR UPDATE SKIP LOCKED) "
                  "UPDATE tasks SET {} = due_date FROM due WHERE id = due.due_id RETURNING {}",
                  only_future ? "AND due_date > $1::timestamptz" : "", marker, marker,
                  kTaskColumns),
      format_timestamp(now), static_cast<double>(window.count()), limit);
  std::vector<Task> claimed;
  for (const auto& row : rows) claimed.push_back(task_from_row(row));
  return claimed;
}

}  // namespace

std::vector<Task> claim_due_soon(pqxx::work& tx, Timestamp now, std::chrono::seconds window,
                                 std::int64_t limit) {
  return claim_reminders(tx, "due_soon_sent_for", true, now, window, limit);
}

std::vector<Task> claim_overdue(pqxx::work& tx, Timestamp now, std::int64_t limit) {
  return claim_reminders(tx, "overdue_sent_for", false, now, std::chrono::seconds(0), limit);
}

void enqueue_event(pqxx::work& tx, EventType type, std::int64_t user_id, std::int64_t task_id,
                   nlohmann::json data, Timestamp now) {
  auto event_id = uuid_v4();
  auto event = make_event(type, event_id, now, user_id, std::move(data));
  tx.conn().prepare("outbox_insert",
                    "INSERT INTO outbox (event_id, routing_key, task_id, payload) "
                    "VALUES ($1::uuid, $2, $3, $4::jsonb)");
  tx.exec_prepared("outbox_insert", event_id, std::string(routing_key_for(type)), task_id,
                   event.dump());
}

}  // namespace task_store
}  // namespace taskflow::tasks
