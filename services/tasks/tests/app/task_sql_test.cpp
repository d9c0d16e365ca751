#include "app/task_sql.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace taskflow::tasks {
namespace {

ListQuery parsed(const QueryParams& query) {
  const auto result = parse_list_query(query);
  EXPECT_TRUE(result.ok());
  return result.ok() ? result.value() : ListQuery{};
}

TEST(VisibleTasks, AreThoseOfTheCallersProjects) {
  EXPECT_EQ(visible_tasks_condition("", 1),
            "project_id IN (SELECT project_id FROM memberships WHERE user_id = $1)");
  EXPECT_EQ(visible_tasks_condition("t", 3),
            "t.project_id IN (SELECT project_id FROM memberships WHERE user_id = $3)");
}

// --- ORDER BY -------------------------------------------------------------------------------

TEST(OrderBy, UsesFixedColumnsAndAnIdTiebreaker) {
  EXPECT_EQ(order_by_clause(parsed({}).ordering), "ORDER BY created_at DESC, id DESC");
  EXPECT_EQ(order_by_clause(parsed({{"ordering", "title,-updated_at"}}).ordering),
            "ORDER BY title ASC, updated_at DESC, id ASC");
}

TEST(OrderBy, SortsPriorityBySeverity) {
  EXPECT_EQ(order_by_clause(parsed({{"ordering", "-priority"}}).ordering),
            "ORDER BY CASE priority WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 "
            "WHEN 'urgent' THEN 3 END DESC, id DESC");
}

TEST(OrderBy, PutsTasksWithoutADueDateLast) {
  EXPECT_EQ(order_by_clause(parsed({{"ordering", "due_date"}}).ordering),
            "ORDER BY due_date ASC NULLS LAST, id ASC");
  EXPECT_EQ(order_by_clause(parsed({{"ordering", "-due_date"}}).ordering),
            "ORDER BY due_date DESC NULLS LAST, id DESC");
}

TEST(LikePattern, EscapesWildcards) {
  EXPECT_EQ(like_pattern("report"), "%report%");
  EXPECT_EQ(like_pattern("100%_a\\b"), "%100\\%\\_a\\\\b%");
}

TEST(ListFilterSql, AddsNothingWithoutFilters) {
  const auto sql = list_filter_sql(ListQuery{});
  EXPECT_EQ(sql.conditions, "");
  EXPECT_TRUE(sql.params.empty());
}

TEST(ListFilterSql, ComparesOneChoiceDirectlySoTheOrderedIndexApplies) {
  ListQuery query;
  query.statuses = {Status::in_progress};
  query.priorities = {Priority::urgent};
  const auto sql = list_filter_sql(query);
  EXPECT_EQ(sql.conditions, " AND status = $2 AND priority = $3");
  EXPECT_EQ(sql.params, (std::vector<std::string>{"in_progress", "urgent"}));
}

TEST(ListFilterSql, MatchesAnyOfSeveralChoices) {
  ListQuery query;
  query.priorities = {Priority::high, Priority::urgent};
  const auto sql = list_filter_sql(query);
  EXPECT_EQ(sql.conditions, " AND priority = ANY($2::text[])");
  EXPECT_EQ(sql.params, (std::vector<std::string>{R"({"high","urgent"})"}));
}

TEST(ListFilterSql, RequiresEverySearchTermInTitleOrDescription) {
  ListQuery query;
  query.statuses = {Status::todo, Status::done};
  query.search_terms = {"50%", "x'); DROP TABLE tasks; --"};
  const auto sql = list_filter_sql(query);
  EXPECT_EQ(sql.conditions,
            " AND status = ANY($2::text[])"
            " AND (title ILIKE $3 OR description ILIKE $3)"
            " AND (title ILIKE $4 OR description ILIKE $4)");
  EXPECT_EQ(sql.params, (std::vector<std::string>{R"({"todo","done"})", R"(%50\%%)",
                                                  "%x'); DROP TABLE tasks; --%"}));
}

TEST(ListFilterSql, NarrowsToOneProjectFirst) {
  ListQuery query;
  query.project_id = 12;
  query.statuses = {Status::todo};
  const auto sql = list_filter_sql(query);
  EXPECT_EQ(sql.conditions, " AND project_id = $2 AND status = $3");
  EXPECT_EQ(sql.params, (std::vector<std::string>{"12", "todo"}));
}

TEST(ListFilterSql, MatchesAssigneesAndLabelsByArrayContainment) {
  ListQuery query;
  query.assignee = AssigneeFilter{.kind = AssigneeFilter::Kind::user, .user_id = 12};
  query.label_id = 4;
  auto sql = list_filter_sql(query);
  EXPECT_EQ(sql.conditions,
            " AND assignee_ids @> ARRAY[$2::bigint] AND label_ids @> ARRAY[$3::bigint]");
  EXPECT_EQ(sql.params, (std::vector<std::string>{"12", "4"}));
  query.label_id.reset();
  query.assignee = AssigneeFilter{.kind = AssigneeFilter::Kind::caller};
  EXPECT_EQ(list_filter_sql(query).conditions, " AND assignee_ids @> ARRAY[$1::bigint]");
  query.assignee = AssigneeFilter{.kind = AssigneeFilter::Kind::nobody};
  EXPECT_EQ(list_filter_sql(query).conditions, " AND assignee_ids = '{}'");
  EXPECT_TRUE(list_filter_sql(query).params.empty());
}

TEST(OrderBy, SortsTheBoardByPositionThenId) {
  const std::vector<OrderTerm> ordering{{.field = OrderField::position}};
  EXPECT_EQ(order_by_clause(ordering), "ORDER BY position ASC, id ASC");
}

TEST(TextArrayLiteral, QuotesAndEscapesEachValue) {
  EXPECT_EQ(text_array_literal(std::vector<std::string>{}), "{}");
  EXPECT_EQ(text_array_literal(std::vector<std::string>{"a", R"(b"c\d)", ""}),
            R"({"a","b\"c\\d",""})");
}

}  // namespace
}  // namespace taskflow::tasks
