#include "domain/list_query.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace taskflow::tasks {
namespace {

using Messages = std::vector<std::string>;

template <typename T>
validation::FieldErrors errors_of(const validation::Validated<T>& result) {
  return result.ok() ? validation::FieldErrors{} : result.errors();
}

ListQuery parsed(const QueryParams& query) {
  const auto result = parse_list_query(query);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.errors().begin()->second.front());
  return result.ok() ? result.value() : ListQuery{};
}

validation::FieldErrors list_errors(const QueryParams& query) {
  return errors_of(parse_list_query(query));
}

// --- parse_list_query -----------------------------------------------------------------------

TEST(ListQuery, HasDefaults) {
  const ListQuery query = parsed({});
  EXPECT_TRUE(query.statuses.empty());
  EXPECT_TRUE(query.priorities.empty());
  EXPECT_TRUE(query.search_terms.empty());
  EXPECT_EQ(query.ordering,
            (std::vector<OrderTerm>{{.field = OrderField::created_at, .descending = true}}));
  EXPECT_EQ(query.page.number, 1);
  EXPECT_EQ(query.page.size, 20);
}

TEST(ListQuery, IgnoresUnknownParameters) {
  EXPECT_TRUE(parse_list_query({{"format", "json"}, {"user_id", "3"}}).ok());
}

TEST(ListQuery, FiltersOnOneOrSeveralChoices) {
  EXPECT_EQ(parsed({{"status", "todo"}}).statuses, std::vector<Status>{Status::todo});
  EXPECT_EQ(parsed({{"status", "todo,review"}, {"status", "todo"}, {"status", "done"}}).statuses,
            (std::vector<Status>{Status::todo, Status::review, Status::done}));
  EXPECT_EQ(parsed({{"priority", "high,urgent"}}).priorities,
            (std::vector<Priority>{Priority::high, Priority::urgent}));
  EXPECT_TRUE(parsed({{"status", ""}, {"priority", ","}}).statuses.empty());
}

TEST(ListQuery, RejectsUnknownChoices) {
  EXPECT_EQ(
      list_errors({{"status", "todo,finished"}, {"priority", "High"}}),
      (validation::FieldErrors{
          {"status", {"Select a valid choice. finished is not one of the available choices."}},
          {"priority", {"Select a valid choice. High is not one of the available choices."}}}));
}

TEST(ListQuery, EchoesInvalidUtf8AsReplacementCharacters) {
  EXPECT_EQ(list_errors({{"status", "\xFF"}, {"ordering", "a\xC3"}}),
            (validation::FieldErrors{
                {"status",
                 {"Select a valid choice. \xEF\xBF\xBD is not one of the available "
                  "choices."}},
                {"ordering",
                 {"Invalid ordering field \"a\xEF\xBF\xBD\". Allowed: created_at, "
                  "updated_at, due_date, priority, title, position, each optionally prefixed with "
                  "\"-\" for descending order."}}}));
}

TEST(ListQuery, SplitsTheSearchIntoTerms) {
  EXPECT_EQ(parsed({{"search", "  quarterly  report,draft "}}).search_terms,
            (std::vector<std::string>{"quarterly", "report", "draft"}));
  EXPECT_EQ(parsed({{"search", "caf\xC3\xA9\xE3\x80\x80menu"}}).search_terms,
            (std::vector<std::string>{"caf\xC3\xA9", "menu"}));  // U+3000 is whitespace
  EXPECT_TRUE(parsed({{"search", "   "}}).search_terms.empty());
}

TEST(ListQuery, CleansTheSearchAsDjangoDoes) {
  EXPECT_EQ(parsed({{"search", std::string("a\0b", 3)}}).search_terms,
            std::vector<std::string>{"ab"});
  EXPECT_EQ(parsed({{"search", "a\xFF"}}).search_terms, std::vector<std::string>{"a\xEF\xBF\xBD"});
}

TEST(ListQuery, LimitsTheSearchLength) {
  EXPECT_TRUE(parse_list_query({{"search", " " + std::string(200, 'x') + " "}}).ok());
  EXPECT_EQ(list_errors({{"search", std::string(201, 'x')}}).at("search"),
            Messages{"Ensure this field has no more than 200 characters."});
}

TEST(ListQuery, ReadsOrderingFields) {
  EXPECT_EQ(parsed({{"ordering", "priority"}}).ordering,
            (std::vector<OrderTerm>{{.field = OrderField::priority}}));
  EXPECT_EQ(parsed({{"ordering", "-due_date,title"}}).ordering,
            (std::vector<OrderTerm>{{.field = OrderField::due_date, .descending = true},
                                    {.field = OrderField::title}}));
  EXPECT_EQ(parsed({{"ordering", "updated_at,"}}).ordering,
            (std::vector<OrderTerm>{{.field = OrderField::updated_at}}));
  EXPECT_EQ(parsed({{"ordering", ""}}).ordering,
            (std::vector<OrderTerm>{{.field = OrderField::created_at, .descending = true}}));
}

TEST(ListQuery, OrdersByBoardPosition) {
  EXPECT_EQ(parsed({{"ordering", "position"}}).ordering,
            (std::vector<OrderTerm>{{.field = OrderField::position}}));
}

TEST(ListQuery, FiltersByAssigneeAndLabel) {
  EXPECT_EQ(parsed({{"assignee", "12"}}).assignee,
            (AssigneeFilter{.kind = AssigneeFilter::Kind::user, .user_id = 12}));
  EXPECT_EQ(parsed({{"assignee", "me"}}).assignee,
            AssigneeFilter{.kind = AssigneeFilter::Kind::caller});
  EXPECT_EQ(parsed({{"assignee", "none"}}).assignee,
            AssigneeFilter{.kind = AssigneeFilter::Kind::nobody});
  EXPECT_EQ(parsed({{"label", "4"}}).label_id, 4);
  EXPECT_TRUE(parsed({{"label", "4"}}).counted_apart());
  EXPECT_TRUE(parsed({{"assignee", "me"}}).counted_apart());
  EXPECT_FALSE(parsed({}).counted_apart());
  for (const char* junk : {"", "0", "-1", "Me", "x", "99999999999999999999"}) {
    EXPECT_EQ(list_errors({{"assignee", junk}}).at("assignee"),
              Messages{"Enter a user id, \"me\" or \"none\"."})
        << junk;
  }
  EXPECT_EQ(list_errors({{"label", "x"}}).at("label"), Messages{"A valid integer is required."});
}

TEST(ListQuery, RejectsOtherOrderings) {
  const std::string allowed =
      "Allowed: created_at, updated_at, due_date, priority, title, position, each optionally "
      "prefixed "
      "with \"-\" for descending order.";
  for (const char* ordering : {"id", "user_id", "description", "--title", "+title", "Title",
                               " title", "title desc", "title;DROP TABLE tasks"}) {
    EXPECT_EQ(list_errors({{"ordering", ordering}}).at("ordering"),
              Messages{"Invalid ordering field \"" + std::string(ordering) + "\". " + allowed})
        << ordering;
  }
  EXPECT_EQ(list_errors({{"ordering", "title,-title"}}).at("ordering"),
            Messages{"Field \"title\" appears more than once."});
}

TEST(ListQuery, TakesTheLastValueOfARepeatedParameter) {
  const ListQuery query =
      parsed({{"ordering", "bogus"}, {"ordering", "title"}, {"page", "x"}, {"page", "2"}});
  EXPECT_EQ(query.ordering, (std::vector<OrderTerm>{{.field = OrderField::title}}));
  EXPECT_EQ(query.page.number, 2);
}

// --- pagination -----------------------------------------------------------------------------

TEST(PageRequest, ReadsPageAndSize) {
  const auto page = parse_page_request({{"page", "3"}, {"page_size", "50"}});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page.value().number, 3);
  EXPECT_EQ(page.value().size, 50);
  EXPECT_EQ(page.value().offset(), 100);
  EXPECT_EQ(parse_page_request({{"page", "007"}}).value().number, 7);
}

TEST(PageRequest, LowersLargePageSizesToTheMaximum) {
  EXPECT_EQ(parse_page_request({{"page_size", "101"}}).value().size, 100);
  EXPECT_EQ(parse_page_request({{"page_size", "99999999999999999999999"}}).value().size, 100);
}

TEST(PageRequest, RejectsMalformedNumbers) {
  const std::string not_integer = "A valid integer is required.";
  const std::string at_least_one = "Ensure this value is greater than or equal to 1.";
  for (const char* junk : {"", "x", "1.5", "+1", " 1", "1 ", "0x10", "1e2"}) {
    EXPECT_EQ(errors_of(parse_page_request({{"page", junk}, {"page_size", junk}})),
              (validation::FieldErrors{{"page", {not_integer}}, {"page_size", {not_integer}}}))
        << junk;
  }
  for (const char* small : {"0", "-1", "-99999999999999999999999"}) {
    EXPECT_EQ(errors_of(parse_page_request({{"page", small}, {"page_size", small}})),
              (validation::FieldErrors{{"page", {at_least_one}}, {"page_size", {at_least_one}}}))
        << small;
  }
  const std::string max = std::to_string(kMaxPageNumber);
  EXPECT_TRUE(parse_page_request({{"page", max}}).ok());
  for (const std::string& big : {std::to_string(kMaxPageNumber + 1), std::string(30, '9')}) {
    EXPECT_EQ(errors_of(parse_page_request({{"page", big}})).at("page"),
              Messages{"Ensure this value is less than or equal to " + max + "."});
  }
}

TEST(PageRequest, LargestPageHasAnOffsetThatFits) {
  const PageRequest page{.number = kMaxPageNumber, .size = kMaxPageSize};
  EXPECT_GT(page.offset(), 0);
}

TEST(ListQuery, ReportsPaginationErrorsToo) {
  EXPECT_EQ(list_errors({{"page", "0"}, {"status", "x"}}).size(), 2u);
}

TEST(PageExists, FirstPageAlwaysLaterPagesWhenTheyHaveRows) {
  EXPECT_TRUE(page_exists({.number = 1, .size = 20}, 0));
  EXPECT_TRUE(page_exists({.number = 2, .size = 20}, 21));
  EXPECT_FALSE(page_exists({.number = 2, .size = 20}, 20));
  EXPECT_FALSE(page_exists({.number = 9, .size = 20}, 0));
}

// --- view_name, the listed page ---------------------------------------------------------------

std::string name_of(const QueryParams& query) {
  return view_name(parsed(query));
}

TEST(ViewName, NamesTheDefaultList) {
  EXPECT_EQ(name_of({}), "list:p=-|a=-|l=-|s=|r=|o=-created_at,|n=1|z=20|q=");
}

TEST(ViewName, DiffersForEveryParameterThatChangesThePage) {
  const std::vector<QueryParams> queries{
      {},
      {{"project", "3"}},
      {{"project", "4"}},
      {{"assignee", "me"}},
      {{"assignee", "none"}},
      {{"assignee", "7"}},
      {{"label", "7"}},
      {{"status", "todo"}},
      {{"status", "todo,review"}},
      {{"priority", "high"}},
      {{"ordering", "created_at"}},
      {{"ordering", "title,-due_date"}},
      {{"page", "2"}},
      {{"page_size", "21"}},
      {{"search", "ab"}},
      {{"search", "a b"}},
      {{"search", "a"}},
      {{"search", "12:x"}},
      {{"search", "1:x"}},
  };
  std::vector<std::string> names;
  for (const auto& query : queries) names.push_back(name_of(query));
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) {
      EXPECT_NE(names[i], names[j]) << names[i];
    }
  }
}

TEST(ViewName, IsTheSameForTheSamePage) {
  EXPECT_EQ(name_of({{"page_size", "500"}}), name_of({{"page_size", "100"}}));
  EXPECT_EQ(name_of({{"status", "todo"}, {"format", "json"}}), name_of({{"status", "todo"}}));
  EXPECT_EQ(name_of({{"search", "a,b"}}), name_of({{"search", " a b "}}));
}

TEST(ListedPage, RoundTrips) {
  const ListedPage page{.count = 42, .results = R"([{"id":1,"title":"a b"}])"};
  EXPECT_EQ(decode_listed_page(encode_listed_page(page)), page);
  const ListedPage empty{.count = 0, .results = "[]"};
  EXPECT_EQ(decode_listed_page(encode_listed_page(empty)), empty);
}

TEST(ListedPage, RefusesAnythingElse) {
  for (std::string_view text :
       {"", "42", "42 ", "x []", "-1 []", "4 2 []", "42 {}", "42 [", "42 ]"}) {
    EXPECT_EQ(decode_listed_page(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace taskflow::tasks
