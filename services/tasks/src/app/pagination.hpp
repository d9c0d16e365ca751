#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/list_query.hpp"

// DRF's page object: {"count", "next", "previous", "results"} with absolute links.
namespace taskflow::tasks {

struct PageLinks {
  std::optional<std::string> next;      // nullopt: JSON null
  std::optional<std::string> previous;  // nullopt: JSON null
};

// base_url is the list's URL without a query (DRF gives absolute URLs, e.g.
// http://127.0.0.1:8000/api/tasks/). The other parameters are kept in order, percent-encoded;
// page is replaced in place (added last when absent), and removed for page 1, as DRF does.
PageLinks page_links(std::string_view base_url, const QueryParams& query, const PageRequest& page,
                     std::int64_t count);

// The page object around `results`, a JSON array already written as text.
std::string page_json(std::string_view base_url, const QueryParams& query, const PageRequest& page,
                      std::int64_t count, std::string_view results);

}  // namespace taskflow::tasks
