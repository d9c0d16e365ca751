#include "domain/list_query.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <system_error>

#include <fmt/format.h>

#include "domain/text.hpp"

namespace taskflow::tasks {
namespace {

constexpr std::string_view kPage = "page";
constexpr std::string_view kPageSize = "page_size";
constexpr std::string_view kStatus = "status";
constexpr std::string_view kPriority = "priority";
constexpr std::string_view kSearch = "search";
constexpr std::string_view kOrdering = "ordering";

constexpr std::string_view kNotInteger = "A valid integer is required.";
constexpr std::string_view kAtLeastOne = "Ensure this value is greater than or equal to 1.";

constexpr OrderTerm kDefaultOrdering{.field = OrderField::created_at, .descending = true};

struct OrderColumn {
  OrderField field;
  std::string_view name;  // in the API and, but for priority, the column
};

constexpr std::array kOrderColumns{OrderColumn{OrderField::created_at, "created_at"},
                                   OrderColumn{OrderField::updated_at, "updated_at"},
                                   OrderColumn{OrderField::due_date, "due_date"},
                                   OrderColumn{OrderField::priority, "priority"},
                                   OrderColumn{OrderField::title, "title"}};

void add_error(FieldErrors& errors, std::string_view parameter, std::string message) {
  errors[std::string(parameter)].push_back(std::move(message));
}

std::optional<std::string_view> last_value(const QueryParams& query, std::string_view name) {
  std::optional<std::string_view> value;
  for (const auto& [key, candidate] : query) {
    if (key == name) value = candidate;
  }
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  while (true) {
    const std::size_t at = text.find(separator);
    pieces.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return pieces;
    text.remove_prefix(at + 1);
  }
}

enum class IntegerProblem { none, not_an_integer, too_small, too_large };

struct ParsedInteger {
  std::int64_t value = 0;
  IntegerProblem problem = IntegerProblem::none;
};

// Decimal digits with an optional minus sign, the whole text.
ParsedInteger parse_integer(std::string_view text) {
  ParsedInteger parsed;
  const char* end = text.data() + text.size();
  const auto [stopped_at, error] = std::from_chars(text.data(), end, parsed.value);
  if (text.empty() || stopped_at != end) {
    parsed.problem = IntegerProblem::not_an_integer;
  } else if (error == std::errc::result_out_of_range) {
    parsed.problem = text.front() == '-' ? IntegerProblem::too_small : IntegerProblem::too_large;
  } else if (parsed.value < 1) {
    parsed.problem = IntegerProblem::too_small;
  }
  return parsed;
}

void read_page_number(const QueryParams& query, PageRequest& page, FieldErrors& errors) {
  const auto text = last_value(query, kPage);
  if (!text) return;
  const ParsedInteger parsed = parse_integer(*text);
  if (parsed.problem == IntegerProblem::not_an_integer) {
    add_error(errors, kPage, std::string(kNotInteger));
  } else if (parsed.problem == IntegerProblem::too_small) {
    add_error(errors, kPage, std::string(kAtLeastOne));
  } else if (parsed.problem == IntegerProblem::too_large || parsed.value > kMaxPageNumber) {
    add_error(errors, kPage,
              "Ensure this value is less than or equal to " + std::to_string(kMaxPageNumber) + ".");
  } else {
    page.number = parsed.value;
  }
}

void read_page_size(const QueryParams& query, PageRequest& page, FieldErrors& errors) {
  const auto text = last_value(query, kPageSize);
  if (!text) return;
  const ParsedInteger parsed = parse_integer(*text);
  if (parsed.problem == IntegerProblem::not_an_integer) {
    add_error(errors, kPageSize, std::string(kNotInteger));
  } else if (parsed.problem == IntegerProblem::too_small) {
    add_error(errors, kPageSize, std::string(kAtLeastOne));
  } else if (parsed.problem == IntegerProblem::too_large) {
    page.size = kMaxPageSize;
  } else {
    page.size = std::min(parsed.value, kMaxPageSize);
  }
}

// Every comma-separated value of every occurrence, each a valid choice, without repeats.
template <typename Enum>
std::vector<Enum> read_choices(const QueryParams& query, std::string_view name,
                               std::optional<Enum> (*parse)(std::string_view),
                               FieldErrors& errors) {
  std::vector<Enum> choices;
  for (const auto& [key, value] : query) {
    if (key != name) continue;
    for (const std::string_view item : split(value, ',')) {
      if (item.empty()) continue;
      const auto choice = parse(item);
      if (!choice) {
        add_error(errors, name,
                  "Select a valid choice. " + text::to_valid_utf8(item) +
                      " is not one of the available choices.");
      } else if (std::find(choices.begin(), choices.end(), *choice) == choices.end()) {
        choices.push_back(*choice);
      }
    }
  }
  return choices;
}

std::vector<std::string> read_search_terms(const QueryParams& query, FieldErrors& errors) {
  const auto value = last_value(query, kSearch);
  if (!value) return {};
  std::u32string decoded = text::decode_utf8_lossy(*value);
  std::erase(decoded, U'\0');
  const std::u32string_view trimmed = text::strip(decoded);
  if (trimmed.size() > kMaxSearchLength) {
    add_error(
        errors, kSearch,
        "Ensure this field has no more than " + std::to_string(kMaxSearchLength) + " characters.");
    return {};
  }
  std::vector<std::string> terms;
  std::u32string term;
  for (const char32_t code_point : trimmed) {
    if (text::is_space(code_point) || code_point == U',') {
      if (!term.empty()) terms.push_back(text::encode_utf8(term));
      term.clear();
    } else {
      term.push_back(code_point);
    }
  }
  if (!term.empty()) terms.push_back(text::encode_utf8(term));
  return terms;
}

std::optional<OrderField> order_field_named(std::string_view name) {
  for (const OrderColumn& column : kOrderColumns) {
    if (column.name == name) return column.field;
  }
  return std::nullopt;
}

std::vector<OrderTerm> read_ordering(const QueryParams& query, FieldErrors& errors) {
  const auto value = last_value(query, kOrdering);
  std::vector<OrderTerm> ordering;
  for (const std::string_view item : split(value.value_or(""), ',')) {
    if (item.empty()) continue;
    const bool descending = item.front() == '-';
    const auto field = order_field_named(descending ? item.substr(1) : item);
    if (!field) {
      add_error(errors, kOrdering,
                "Invalid ordering field \"" + text::to_valid_utf8(item) +
                    "\". Allowed: created_at, updated_at, due_date, priority, title, each "
                    "optionally prefixed with \"-\" for descending order.");
      continue;
    }
    const bool repeated = std::any_of(ordering.begin(), ordering.end(),
                                      [&](const OrderTerm& term) { return term.field == *field; });
    if (repeated) {
      add_error(errors, kOrdering,
                "Field \"" + text::to_valid_utf8(descending ? item.substr(1) : item) +
                    "\" appears more than once.");
      continue;
    }
    ordering.push_back(OrderTerm{.field = *field, .descending = descending});
  }
  if (ordering.empty()) ordering.push_back(kDefaultOrdering);
  return ordering;
}

std::string priority_severity_expression() {
  std::string expression = "CASE priority";
  for (std::size_t rank = 0; rank < kPriorities.size(); ++rank) {
    expression +=
        " WHEN '" + std::string(to_string(kPriorities[rank])) + "' THEN " + std::to_string(rank);
  }
  return expression + " END";
}

std::string order_expression(OrderField field) {
  if (field == OrderField::priority) return priority_severity_expression();
  for (const OrderColumn& column : kOrderColumns) {
    if (column.field == field) return std::string(column.name);
  }
  return "";  // unreachable: kOrderColumns names every field
}

// RFC 3986 unreserved characters stay as they are.
std::string encode_query_component(std::string_view component) {
  return text::percent_encode(component, "-._~");
}

// The query with page set to page_number (removed when it is 1).
std::string link_with_page(std::string_view base_url, const QueryParams& query,
                           std::int64_t page_number) {
  std::vector<std::string> pairs;
  bool page_placed = false;
  const auto place_page = [&] {
    if (page_number > 1) pairs.push_back(std::string(kPage) + "=" + std::to_string(page_number));
    page_placed = true;
  };
  for (const auto& [key, value] : query) {
    if (key == kPage) {
      if (!page_placed) place_page();
      continue;
    }
    pairs.push_back(encode_query_component(key) + "=" + encode_query_component(value));
  }
  if (!page_placed) place_page();

  std::string link(base_url);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    link += (i == 0 ? "?" : "&") + pairs[i];
  }
  return link;
}

}  // namespace

Validated<PageRequest> parse_page_request(const QueryParams& query) {
  FieldErrors errors;
  PageRequest page;
  read_page_number(query, page, errors);
  read_page_size(query, page, errors);
  if (!errors.empty()) return errors;
  return page;
}

bool page_exists(const PageRequest& page, std::int64_t count) {
  return page.number == 1 || page.offset() < count;
}

Validated<ListQuery> parse_list_query(const QueryParams& query) {
  FieldErrors errors;
  ListQuery list{.statuses = read_choices(query, kStatus, parse_status, errors),
                 .priorities = read_choices(query, kPriority, parse_priority, errors),
                 .search_terms = read_search_terms(query, errors),
                 .ordering = read_ordering(query, errors)};
  read_page_number(query, list.page, errors);
  read_page_size(query, list.page, errors);
  if (!errors.empty()) return errors;
  return list;
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

namespace {

template <class Enum>
void add_choice_filter(ListFilterSql& sql, std::string_view column,
                       const std::vector<Enum>& chosen) {
  if (chosen.empty()) return;
  std::vector<std::string> names;
  for (auto value : chosen) names.emplace_back(to_string(value));
  const auto placeholder = "$" + std::to_string(sql.params.size() + 2);
  if (names.size() == 1) {
    sql.where += fmt::format(" AND {} = {}", column, placeholder);
    sql.params.push_back(names.front());
  } else {
    sql.where += fmt::format(" AND {} = ANY({}::text[])", column, placeholder);
    sql.params.push_back(text_array_literal(names));
  }
}

}  // namespace

ListFilterSql list_filter_sql(const ListQuery& query) {
  ListFilterSql sql{.where = " WHERE user_id = $1", .params = {}};
  add_choice_filter(sql, "status", query.statuses);
  add_choice_filter(sql, "priority", query.priorities);
  for (const auto& term : query.search_terms) {
    const auto placeholder = "$" + std::to_string(sql.params.size() + 2);
    sql.where += fmt::format(" AND (title ILIKE {0} OR description ILIKE {0})", placeholder);
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

PageLinks page_links(std::string_view base_url, const QueryParams& query, const PageRequest& page,
                     std::int64_t count) {
  PageLinks links;
  if (page.number * page.size < count) {
    links.next = link_with_page(base_url, query, page.number + 1);
  }
  if (page.number > 1) links.previous = link_with_page(base_url, query, page.number - 1);
  return links;
}

}  // namespace taskflow::tasks
