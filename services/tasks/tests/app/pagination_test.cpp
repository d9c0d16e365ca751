#include "app/pagination.hpp"

#include <gtest/gtest.h>

#include <string>

namespace taskflow::tasks {
namespace {

// --- links ----------------------------------------------------------------------------------

const std::string kBase = "http://127.0.0.1:8000/api/tasks/";

TEST(PageLinks, NullAtBothEndsOfASinglePage) {
  const PageLinks links = page_links(kBase, {}, {.number = 1, .size = 20}, 20);
  EXPECT_FALSE(links.next);
  EXPECT_FALSE(links.previous);
}

TEST(PageLinks, AddsThePageAndKeepsTheOtherParameters) {
  const QueryParams query = {{"status", "todo,done"}, {"search", "a b&c=d/é"}};
  const PageLinks links = page_links(kBase, query, {.number = 1, .size = 20}, 21);
  EXPECT_EQ(links.next, kBase + "?status=todo%2Cdone&search=a%20b%26c%3Dd%2F%C3%A9&page=2");
  EXPECT_FALSE(links.previous);
}

TEST(PageLinks, ReplacesThePageInPlaceAndDropsItForPageOne) {
  const QueryParams query = {{"page", "2"}, {"page_size", "10"}, {"page", "2"}};
  const PageLinks links = page_links(kBase, query, {.number = 2, .size = 10}, 35);
  EXPECT_EQ(links.next, kBase + "?page=3&page_size=10");
  EXPECT_EQ(links.previous, kBase + "?page_size=10");
  const PageLinks last = page_links(kBase, {{"page", "4"}}, {.number = 4, .size = 10}, 35);
  EXPECT_FALSE(last.next);
  EXPECT_EQ(last.previous, kBase + "?page=3");
  EXPECT_EQ(page_links(kBase, {{"page", "2"}}, {.number = 2, .size = 10}, 35).previous, kBase);
}

TEST(PageLinks, ReachThePageAfterTheLargestOne) {
  const PageRequest page{.number = kMaxPageNumber, .size = kMaxPageSize};
  EXPECT_EQ(page_links("/t/", {}, page, INT64_MAX).next,
            "/t/?page=" + std::to_string(kMaxPageNumber + 1));
}

TEST(PageJson, WrapsTheResultsWithTheCountAndLinks) {
  EXPECT_EQ(page_json(kBase, {}, {.number = 2, .size = 1}, 3, "[{\"id\":2}]"),
            "{\"count\":3,\"next\":\"" + kBase + "?page=3\",\"previous\":\"" + kBase +
                "\",\"results\":[{\"id\":2}]}");
  EXPECT_EQ(page_json(kBase, {}, {.number = 1, .size = 20}, 0, "[]"),
            R"({"count":0,"next":null,"previous":null,"results":[]})");
}

}  // namespace
}  // namespace taskflow::tasks
