#include "domain/list_query.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <system_error>

#include "taskflow/text/utf8.hpp"

namespace taskflow::tasks {
namespace {

constexpr std::string_view kPageSize = "page_size";
constexpr std::string_view kStatus = "status";
constexpr std::string_view kPriority = "priority";
constexpr std::string_view kSearch = "search";
constexpr std::string_view kOrdering = "ordering";
constexpr std::string_view kProject = "project";
constexpr std::string_view kAssignee = "assignee";
constexpr std::string_view kLabel = "label";

constexpr std::string_view kNotInteger = "A valid integer is required.";
constexpr std::string_view kAtLeastOne = "Ensure this value is greater than or equal to 1.";

constexpr OrderTerm kDefaultOrdering{.field = OrderField::created_at, .descending = true};

struct OrderColumn {
  OrderField field;
  std::string_view name;
};

constexpr std::array kOrderColumns{OrderColumn{OrderField::created_at, "created_at"},
                                   OrderColumn{OrderField::updated_at, "updated_at"},
                                   OrderColumn{OrderField::due_date, "due_date"},
                                   OrderColumn{OrderField::priority, "priority"},
                                   OrderColumn{OrderField::title, "title"},
                                   OrderColumn{OrderField::position, "position"}};

void add_error(validation::FieldErrors& errors, std::string_view parameter, std::string message) {
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

// The parameter's last value when it is an integer of at least 1, perhaps too large for int64;
// nullopt when absent, or when malformed or too small (with its error filed).
std::optional<ParsedInteger> read_positive_integer(const QueryParams& query, std::string_view name,
                                                   validation::FieldErrors& errors) {
  const auto text = last_value(query, name);
  if (!text) return std::nullopt;
  const ParsedInteger parsed = parse_integer(*text);
  if (parsed.problem == IntegerProblem::not_an_integer) {
    add_error(errors, name, std::string(kNotInteger));
    return std::nullopt;
  }
  if (parsed.problem == IntegerProblem::too_small) {
    add_error(errors, name, std::string(kAtLeastOne));
    return std::nullopt;
  }
  return parsed;
}

void read_page_number(const QueryParams& query, PageRequest& page,
                      validation::FieldErrors& errors) {
  const auto parsed = read_positive_integer(query, kPageParameter, errors);
  if (!parsed) return;
  if (parsed->problem == IntegerProblem::too_large || parsed->value > kMaxPageNumber) {
    add_error(errors, kPageParameter,
              "Ensure this value is less than or equal to " + std::to_string(kMaxPageNumber) + ".");
  } else {
    page.number = parsed->value;
  }
}

void read_page_size(const QueryParams& query, PageRequest& page, validation::FieldErrors& errors) {
  const auto parsed = read_positive_integer(query, kPageSize, errors);
  if (!parsed) return;
  page.size = parsed->problem == IntegerProblem::too_large ? kMaxPageSize
                                                           : std::min(parsed->value, kMaxPageSize);
}

// Every comma-separated value of every occurrence, each a valid choice, without repeats.
template <typename Enum>
std::vector<Enum> read_choices(const QueryParams& query, std::string_view name,
                               std::optional<Enum> (*parse)(std::string_view),
                               validation::FieldErrors& errors) {
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

std::vector<std::string> read_search_terms(const QueryParams& query,
                                           validation::FieldErrors& errors) {
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

std::vector<OrderTerm> read_ordering(const QueryParams& query, validation::FieldErrors& errors) {
  const auto value = last_value(query, kOrdering);
  std::vector<OrderTerm> ordering;
  for (const std::string_view item : split(value.value_or(""), ',')) {
    if (item.empty()) continue;
    const bool descending = item.front() == '-';
    const auto field = order_field_named(descending ? item.substr(1) : item);
    if (!field) {
      add_error(
          errors, kOrdering,
          "Invalid ordering field \"" + text::to_valid_utf8(item) +
              "\". Allowed: created_at, updated_at, due_date, priority, title, position, each "
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

// An id parameter (project=7): a positive integer within int64, or nullopt when absent.
std::optional<std::int64_t> read_id_parameter(const QueryParams& query, std::string_view name,
                                              validation::FieldErrors& errors) {
  const auto parsed = read_positive_integer(query, name, errors);
  if (!parsed) return std::nullopt;
  if (parsed->problem == IntegerProblem::too_large) {
    add_error(errors, name, "Ensure this value is less than or equal to 9223372036854775807.");
    return std::nullopt;
  }
  return parsed->value;
}

std::optional<AssigneeFilter> read_assignee(const QueryParams& query,
                                            validation::FieldErrors& errors) {
  const auto value = last_value(query, kAssignee);
  if (!value) return std::nullopt;
  if (*value == "me") return AssigneeFilter{.kind = AssigneeFilter::Kind::caller};
  if (*value == "none") return AssigneeFilter{.kind = AssigneeFilter::Kind::nobody};
  const auto parsed = parse_integer(*value);
  if (parsed.problem != IntegerProblem::none) {
    add_error(errors, kAssignee, "Enter a user id, \"me\" or \"none\".");
    return std::nullopt;
  }
  return AssigneeFilter{.kind = AssigneeFilter::Kind::user, .user_id = parsed.value};
}

}  // namespace

validation::Validated<PageRequest> parse_page_request(const QueryParams& query) {
  validation::FieldErrors errors;
  PageRequest page;
  read_page_number(query, page, errors);
  read_page_size(query, page, errors);
  if (!errors.empty()) return errors;
  return page;
}

bool page_exists(const PageRequest& page, std::int64_t count) {
  return page.number == 1 || page.offset() < count;
}

validation::Validated<ListQuery> parse_list_query(const QueryParams& query) {
  validation::FieldErrors errors;
  ListQuery list{.statuses = read_choices(query, kStatus, parse_status, errors),
                 .priorities = read_choices(query, kPriority, parse_priority, errors),
                 .search_terms = read_search_terms(query, errors),
                 .ordering = read_ordering(query, errors)};
  list.project_id = read_id_parameter(query, kProject, errors);
  list.assignee = read_assignee(query, errors);
  list.label_id = read_id_parameter(query, kLabel, errors);
  read_page_number(query, list.page, errors);
  read_page_size(query, list.page, errors);
  if (!errors.empty()) return errors;
  return list;
}

validation::Validated<StatsQuery> parse_stats_query(const QueryParams& query) {
  validation::FieldErrors errors;
  StatsQuery stats{.project_id = read_id_parameter(query, kProject, errors)};
  if (!errors.empty()) return errors;
  return stats;
}

std::string view_name(const ListQuery& query) {
  std::string name = "list:p=";
  name += query.project_id ? std::to_string(*query.project_id) : "-";
  name += "|a=";
  if (!query.assignee) {
    name += '-';
  } else if (query.assignee->kind == AssigneeFilter::Kind::caller) {
    name += "me";
  } else if (query.assignee->kind == AssigneeFilter::Kind::nobody) {
    name += "none";
  } else {
    name += std::to_string(query.assignee->user_id);
  }
  name += "|l=";
  name += query.label_id ? std::to_string(*query.label_id) : "-";
  name += "|s=";
  for (auto status : query.statuses) (name += to_string(status)) += ',';
  name += "|r=";
  for (auto priority : query.priorities) (name += to_string(priority)) += ',';
  name += "|o=";
  for (const auto& term : query.ordering) {
    if (term.descending) name += '-';
    (name += order_field_name(term.field)) += ',';
  }
  name += "|n=" + std::to_string(query.page.number) + "|z=" + std::to_string(query.page.size);
  // Last, each term after its length: terms may hold any character.
  name += "|q=";
  for (const auto& term : query.search_terms) {
    ((name += std::to_string(term.size())) += ':') += term;
  }
  return name;
}

std::string encode_listed_page(const ListedPage& page) {
  return std::to_string(page.count) + ' ' + page.results;
}

std::optional<ListedPage> decode_listed_page(std::string_view text) {
  const auto space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  ListedPage page;
  auto [end, error] = std::from_chars(text.data(), text.data() + space, page.count);
  if (error != std::errc{} || end != text.data() + space || page.count < 0) return std::nullopt;
  const auto results = text.substr(space + 1);
  if (results.size() < 2 || results.front() != '[' || results.back() != ']') return std::nullopt;
  page.results = std::string(results);
  return page;
}

std::string_view order_field_name(OrderField field) {
  for (const OrderColumn& column : kOrderColumns) {
    if (column.field == field) return column.name;
  }
  return "";  // unreachable: kOrderColumns names every field
}

}  // namespace taskflow::tasks
