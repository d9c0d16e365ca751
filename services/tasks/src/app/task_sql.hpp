#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/list_query.hpp"

// The SQL the tasks queries are built from: the scope of what a caller may see, and a list's
// WHERE and ORDER BY clauses. Only fixed column names and placeholders are written; client
// text only ever travels as a parameter.
namespace taskflow::tasks {

// The condition that limits a statement to the tasks a caller may see, with the caller's user
// id bound as $caller_param; `qualifier` ("t") names the tasks table when the statement joins
// several: the tasks of every project the caller is a member of, whatever the role, as
// domain/access_policy.hpp's "view" row says.
std::string visible_tasks_condition(std::string_view qualifier, int caller_param);

// "ORDER BY …" naming only fixed column names, never client text, for a query on the tasks
// table. priority sorts by severity through a CASE over the wire names, so the column can stay
// text; due_date puts tasks without one last in both directions; id, in the direction of the
// first term, breaks ties so pages never overlap or skip rows.
std::string order_by_clause(std::span<const OrderTerm> ordering);

// "%term%" with the LIKE wildcards (and the escape character, backslash, PostgreSQL's default)
// escaped, to bind as the parameter of `title ILIKE $n OR description ILIKE $n`.
std::string like_pattern(std::string_view term);

// The conditions of a list query on the tasks table, each " AND …": only the filters the
// query has, so that each can use its index (a catch-all clause with empty-array cases defeats
// them). $1 is left for the caller's user id (the scope); `params` bind $2, $3, ... in order.
struct ListFilterSql {
  std::string conditions;
  std::vector<std::string> params;
};
ListFilterSql list_filter_sql(const ListQuery& query);

// A PostgreSQL array literal ({"a","b"}) of the values, so a list is one text parameter.
std::string text_array_literal(std::span<const std::string> values);

}  // namespace taskflow::tasks
