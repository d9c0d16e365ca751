#include "app/pagination.hpp"

#include <vector>

#include "taskflow/text/percent.hpp"
#include "taskflow/text/utf8.hpp"

namespace taskflow::tasks {
namespace {

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
    if (page_number > 1)
      pairs.push_back(std::string(kPageParameter) + "=" + std::to_string(page_number));
    page_placed = true;
  };
  for (const auto& [key, value] : query) {
    if (key == kPageParameter) {
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

void append_link(std::string& out, const std::optional<std::string>& url) {
  if (url) {
    text::append_json_string(out, *url);
  } else {
    out += "null";
  }
}

}  // namespace

PageLinks page_links(std::string_view base_url, const QueryParams& query, const PageRequest& page,
                     std::int64_t count) {
  PageLinks links;
  if (page.number * page.size < count) {
    links.next = link_with_page(base_url, query, page.number + 1);
  }
  if (page.number > 1) links.previous = link_with_page(base_url, query, page.number - 1);
  return links;
}

std::string page_json(std::string_view base_url, const QueryParams& query, const PageRequest& page,
                      std::int64_t count, std::string_view results) {
  const auto links = page_links(base_url, query, page, count);
  std::string body = "{\"count\":" + std::to_string(count) + ",\"next\":";
  append_link(body, links.next);
  body += ",\"previous\":";
  append_link(body, links.previous);
  body += ",\"results\":";
  body += results;
  body += '}';
  return body;
}

}  // namespace taskflow::tasks
