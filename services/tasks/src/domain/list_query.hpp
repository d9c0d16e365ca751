#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/task_enums.hpp"
#include "taskflow/validation/validated.hpp"

// The task list's query parameters (filters, search, ordering, pagination). The SQL built from
// them is app/task_sql.hpp's, the next/previous links app/pagination.hpp's. Every problem is a 400
// with errors under the parameter's name; unknown parameters are ignored, as in DRF. A parameter
// given more than once counts with its last value (Django's QueryDict.get), except the filters,
// which take every value.
namespace taskflow::tasks {

// Decoded name/value pairs in request order, as taskflow::http::Target::query holds them.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// The page number's parameter, which the next/previous links set.
inline constexpr std::string_view kPageParameter = "page";
inline constexpr std::int64_t kDefaultPageSize = 20;
inline constexpr std::int64_t kMaxPageSize = 100;
// The largest page whose rows (and the next page's start) still fit in an int64 offset.
inline constexpr std::int64_t kMaxPageNumber =
    std::numeric_limits<std::int64_t>::max() / kMaxPageSize;
inline constexpr std::size_t kMaxSearchLength = 200;

struct PageRequest {
  std::int64_t number = 1;  // from 1
  std::int64_t size = kDefaultPageSize;

  std::int64_t offset() const { return (number - 1) * size; }
};

// page: digits for 1..kMaxPageNumber, default 1; anything else is a 400 (DRF answers 404
// "Invalid page." even for junk; a malformed parameter is a validation error here, and only a
// well-formed page past the end is a 404, see page_exists). page_size: 1.., default 20, and
// values over kMaxPageSize are lowered to it, as DRF's max_page_size does; junk is a 400.
validation::Validated<PageRequest> parse_page_request(const QueryParams& query);

// Page 1 always exists, even for an empty list (DRF's allow_empty_first_page); any later page
// needs at least one row. The handler answers 404 {"detail": "Invalid page."} otherwise.
bool page_exists(const PageRequest& page, std::int64_t count);

enum class OrderField { created_at, updated_at, due_date, priority, title, position };

struct OrderTerm {
  OrderField field;
  bool descending = false;

  bool operator==(const OrderTerm&) const = default;
};

// assignee=ID, assignee=me (the caller) or assignee=none (nobody).
struct AssigneeFilter {
  enum class Kind { user, caller, nobody };
  Kind kind = Kind::user;
  std::int64_t user_id = 0;  // for Kind::user

  bool operator==(const AssigneeFilter&) const = default;
};

struct ListQuery {
  std::vector<Status> statuses;      // any of these; empty: no filter
  std::vector<Priority> priorities;  // any of these; empty: no filter
  // Every term must be found in the title or the description (DRF's SearchFilter).
  std::vector<std::string> search_terms;
  std::vector<OrderTerm> ordering;  // never empty
  PageRequest page;
  std::optional<std::int64_t> project_id;  // only this project's tasks
  std::optional<AssigneeFilter> assignee;
  std::optional<std::int64_t> label_id;  // only the tasks with this label

  // Whether the count needs a query of its own: the per-user summary counts only by status
  // and priority.
  bool counted_apart() const { return !search_terms.empty() || project_id || assignee || label_id; }
};

// status, priority: a choice or several, comma-separated and/or repeated (status=todo,review);
// empty values are ignored. search: at most kMaxSearchLength characters after trimming, split
// on whitespace and commas into terms; NUL characters are dropped and invalid UTF-8 becomes
// U+FFFD, as Django decodes query strings. ordering: comma-separated fields among created_at,
// updated_at, due_date, priority, title, position (the board's order), each optionally prefixed
// with "-" (descending), each at most once; default -created_at. project: a project id, only
// its tasks. assignee: a user id, "me" or "none". label: a label id.
validation::Validated<ListQuery> parse_list_query(const QueryParams& query);

// The name a page of the list is cached under (app/read_cache.hpp, per user): every parameter
// that selects, orders or pages the rows, so two queries share a name only if they ask for the
// same page.
std::string view_name(const ListQuery& query);

// A page as the list answers it and the cache keeps it: the number of matches and the page's
// tasks as a JSON array.
struct ListedPage {
  std::int64_t count = 0;
  std::string results;

  bool operator==(const ListedPage&) const = default;
};
// "<count> <results>"; nullopt for any other text.
std::string encode_listed_page(const ListedPage& page);
std::optional<ListedPage> decode_listed_page(std::string_view text);

// GET stats/?project=ID: one project's counts instead of every project's.
struct StatsQuery {
  std::optional<std::int64_t> project_id;
};
validation::Validated<StatsQuery> parse_stats_query(const QueryParams& query);

// The field's name in the `ordering` parameter (and the task object).
std::string_view order_field_name(OrderField field);

}  // namespace taskflow::tasks
