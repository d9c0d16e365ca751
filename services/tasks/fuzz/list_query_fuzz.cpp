// The task list's query parameters and the ids in paths. The first byte picks what the rest is:
//   '0' a query string (split on '&' and '=', percent-decoded with '+' as a space, as
//       http::parse_target does), read by parse_list_query, parse_page_request and
//       parse_stats_query;
//   '1' a cached page (decode_listed_page);
//   '2' an id from a path (parse_id).
// Nothing may throw; accepted queries stay within the documented limits (the page's offset
// cannot overflow), parsing is deterministic down to the cache name; a decoded page encodes
// back to the same page; an accepted id is its canonical decimal text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/list_query.hpp"
#include "domain/path_id.hpp"
#include "taskflow/testing/fuzz.hpp"
#include "taskflow/text/percent.hpp"
#include "taskflow/text/utf8.hpp"

namespace tasks = taskflow::tasks;
namespace text = taskflow::text;
using taskflow::testing::fuzz_text;
using taskflow::testing::split_mode;

namespace {

std::string decoded(std::string_view raw) {
  auto value = text::percent_decode(raw, true);
  return value ? std::move(*value) : std::string(raw);
}

tasks::QueryParams query_params(std::string_view query) {
  tasks::QueryParams params;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    params.emplace_back(decoded(pair.substr(0, equals)),
                        equals == std::string_view::npos ? "" : decoded(pair.substr(equals + 1)));
  }
  return params;
}

void check_page(const tasks::PageRequest& page) {
  TASKFLOW_FUZZ_CHECK(page.number >= 1 && page.number <= tasks::kMaxPageNumber);
  TASKFLOW_FUZZ_CHECK(page.size >= 1 && page.size <= tasks::kMaxPageSize);
  TASKFLOW_FUZZ_CHECK(page.offset() >= 0);
  TASKFLOW_FUZZ_CHECK(tasks::page_exists(page, 0) == (page.number == 1));
}

void check_query(std::string_view query_string) {
  const auto params = query_params(query_string);

  const auto list = tasks::parse_list_query(params);
  if (list.ok()) {
    const auto& query = list.value();
    TASKFLOW_FUZZ_CHECK(!query.ordering.empty());
    check_page(query.page);
    for (const auto& term : query.search_terms) {
      TASKFLOW_FUZZ_CHECK(!term.empty() && text::is_valid_utf8(term) &&
                          term.find('\0') == std::string::npos);
      TASKFLOW_FUZZ_CHECK(text::decode_utf8(term)->size() <= tasks::kMaxSearchLength);
    }
    for (const auto& term : query.ordering) {
      TASKFLOW_FUZZ_CHECK(!tasks::order_field_name(term.field).empty());
    }
    const auto again = tasks::parse_list_query(params);
    TASKFLOW_FUZZ_CHECK(again.ok() && tasks::view_name(again.value()) == tasks::view_name(query));
  } else {
    TASKFLOW_FUZZ_CHECK(!list.errors().empty());
  }

  const auto page = tasks::parse_page_request(params);
  if (page.ok()) check_page(page.value());
  TASKFLOW_FUZZ_CHECK(page.ok() || !page.errors().empty());

  const auto stats = tasks::parse_stats_query(params);
  if (stats.ok() && stats.value().project_id) TASKFLOW_FUZZ_CHECK(*stats.value().project_id >= 1);
  TASKFLOW_FUZZ_CHECK(stats.ok() || !stats.errors().empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [mode, input] = split_mode(fuzz_text(data, size), 3);
  switch (mode) {
    case 0:
      check_query(input);
      break;
    case 1:
      if (const auto page = tasks::decode_listed_page(input)) {
        TASKFLOW_FUZZ_CHECK(tasks::decode_listed_page(tasks::encode_listed_page(*page)) == page);
      }
      break;
    default:
      if (const auto id = tasks::parse_id(input)) {
        TASKFLOW_FUZZ_CHECK(*id >= 1 && std::to_string(*id) == input);
      }
      break;
  }
  return 0;
}
