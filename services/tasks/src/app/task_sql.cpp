#include "app/task_sql.hpp"

#include <fmt/format.h>

namespace taskflow::tasks {
namespace {

std::string priority_severity_expression() {
  std::string expression = "CASE priority";
  for (std::size_t rank = 0; rank < kPriorities.size(); ++rank) {
    expression +=
        " WHEN '" + std::string(to_string(kPriorities[rank])) + "' THEN " + std::to_string(rank);
  }
  return expression + " END";
}

// The other fields are columns of the same name.
std::string order_expression(OrderField field) {
  if (field == OrderField::priority) return priority_severity_expression();
  return std::string(order_field_name(field));
}

template <class Enum>
void add_choice_filter(ListFilterSql& sql, std::string_view column,
                       const std::vector<Enum>& chosen) {
  if (chosen.empty()) return;
  std::vector<std::string> names;
  for (auto value : chosen) names.emplace_back(to_string(value));
  const auto placeholder = "$" + std::to_string(sql.params.size() + 2);
  if (names.size() == 1) {
    sql.conditions += fmt::format(" AND {} = {}", column, placeholder);
    sql.params.push_back(names.front());
  } else {
    sql.conditions += fmt::format(" AND {} = ANY({}::text[])", column, placeholder);
    sql.params.push_back(text_array_literal(names));
  }
}

}  // namespace

std::string visible_tasks_condition(std::string_view qualifier, int caller_param) {
  return fmt::format("{}{}project_id IN (SELECT project_id FROM memberships WHERE user_id = ${})",
                     qualifier, qualifier.empty() ? "" : ".", caller_param);
}

std::string order_by_clause(std::span<const OrderTerm> ordering) {
  std::string clause = "ORDER BY ";
  for (const OrderTerm& term : ordering) {
    clause += order_expression(term.field) + (term.descending ? " DESC" : " ASC");
    if (term.field == OrderField::due_date) clause += " NULLS LAST";
    clause += ", ";
  }
  const bool tiebreak_descending = !ordering.empty() && ordering.front().descending;
  return clause + (tiebreak_descending ? "id DESC" : "id ASC");
}

std::string like_pattern(std::string_view term) {
  std::string pattern = "%";
  for (const char c : term) {
    if (c == '\\' || c == '%' || c == '_') pattern.push_back('\\');
    pattern.push_back(c);
  }
  return pattern + "%";
}

ListFilterSql list_filter_sql(const ListQuery& query) {
  ListFilterSql sql;
  if (query.project_id) {
    sql.conditions += fmt::format(" AND project_id = ${}", sql.params.size() + 2);
    sql.params.push_back(std::to_string(*query.project_id));
  }
  if (query.assignee) {
    switch (query.assignee->kind) {
      case AssigneeFilter::Kind::caller:
        sql.conditions += " AND assignee_ids @> ARRAY[$1::bigint]";
        break;
      case AssigneeFilter::Kind::nobody:
        sql.conditions += " AND assignee_ids = '{}'";
        break;
      case AssigneeFilter::Kind::user:
        sql.conditions +=
            fmt::format(" AND assignee_ids @> ARRAY[${}::bigint]", sql.params.size() + 2);
        sql.params.push_back(std::to_string(query.assignee->user_id));
        break;
    }
  }
  if (query.label_id) {
    sql.conditions += fmt::format(" AND label_ids @> ARRAY[${}::bigint]", sql.params.size() + 2);
    sql.params.push_back(std::to_string(*query.label_id));
  }
  add_choice_filter(sql, "status", query.statuses);
  add_choice_filter(sql, "priority", query.priorities);
  for (const auto& term : query.search_terms) {
    const auto placeholder = "$" + std::to_string(sql.params.size() + 2);
    sql.conditions += fmt::format(" AND (title ILIKE {0} OR description ILIKE {0})", placeholder);
    sql.params.push_back(like_pattern(term));
  }
  return sql;
}

std::string text_array_literal(std::span<const std::string> values) {
  std::string literal = "{";
  for (const auto& value : values) {
    if (literal.size() > 1) literal += ',';
    literal += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  return literal;
}

}  // namespace taskflow::tasks
