#include "domain/board_position.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace taskflow::tasks {
namespace {

using namespace std::chrono_literals;

Timestamp at_micros(std::int64_t micros) {
  return Timestamp{std::chrono::microseconds(micros)};
}

TEST(InitialPosition, FollowsCreationTime) {
  const auto earlier = initial_position(at_micros(1'800'000'000'000'000), 61 * 62 * 62);
  const auto later = initial_position(at_micros(1'800'000'000'000'001), 0);
  EXPECT_LT(earlier, later);
  EXPECT_EQ(earlier.substr(0, 14), "06651728988000");
  EXPECT_EQ(earlier.size(), 17U);
  EXPECT_TRUE(is_valid_position(earlier));
  EXPECT_TRUE(is_valid_position(later));
}

TEST(InitialPosition, NeverEndsInZero) {
  for (std::uint32_t salt : {0U, 1U, 61U, 62U, 3843U, 3844U, 238327U, 4294967295U}) {
    EXPECT_TRUE(is_valid_position(initial_position(at_micros(1), salt))) << salt;
  }
}

TEST(PositionBetween, FirstKeyOfAnEmptyColumn) {
  EXPECT_EQ(position_between("", ""), "V");
}

TEST(PositionBetween, GoesBetweenItsNeighbours) {
  EXPECT_EQ(position_between("A", "C"), "B");
  EXPECT_EQ(position_between("A", "B"), "AV");
  EXPECT_EQ(position_between("", "1"), "0V");
  EXPECT_EQ(position_between("", "0V"), "0G");
  const auto key = position_between("0665V", "0665W3");
  EXPECT_GT(key, "0665V");
  EXPECT_LT(key, "0665W3");
}

TEST(PositionBetween, AtTheEndStaysBelowLaterCreations) {
  const auto last = initial_position(at_micros(1'800'000'000'000'000), 5);
  const auto moved = position_between(last, "");
  EXPECT_GT(moved, last);
  EXPECT_LT(moved, initial_position(at_micros(1'800'000'000'000'001), 0));
  EXPECT_EQ(position_between("Az", ""), "B");
  EXPECT_EQ(position_between("zz", ""), "zzV");
}

TEST(PositionBetween, EqualNeighboursGiveAKeyPastTheFirst) {
  EXPECT_GT(position_between("0665V", "0665V"), "0665V");
}

TEST(IsValidPosition, RefusesWhatNoMoveWrites) {
  EXPECT_FALSE(is_valid_position(""));
  EXPECT_FALSE(is_valid_position("A0"));
  EXPECT_FALSE(is_valid_position("A-B"));
  EXPECT_TRUE(is_valid_position("A0B"));
}

// Thousands of moves to random places of one column keep every key in order, distinct, valid
// and short.
TEST(PositionBetween, KeepsAColumnInOrderThroughManyMoves) {
  std::vector<std::string> column;
  for (int i = 0; i < 20; ++i) column.push_back(initial_position(at_micros(1'000'000 + i), i));
  std::mt19937 random(7);
  for (int move = 0; move < 5000; ++move) {
    const auto from = random() % column.size();
    column.erase(column.begin() + static_cast<std::ptrdiff_t>(from));
    const auto to = random() % (column.size() + 1);
    const std::string before = to == 0 ? "" : column[to - 1];
    const std::string after = to == column.size() ? "" : column[to];
    const auto key = position_between(before, after);
    ASSERT_TRUE(is_valid_position(key)) << key;
    if (!before.empty()) {
      ASSERT_LT(before, key);
    }
    if (!after.empty()) {
      ASSERT_LT(key, after);
    }
    column.insert(column.begin() + static_cast<std::ptrdiff_t>(to), key);
  }
  EXPECT_TRUE(std::is_sorted(column.begin(), column.end()));
  EXPECT_EQ(std::adjacent_find(column.begin(), column.end()), column.end());
}

// The worst case, always between the same two neighbours, grows a key by one digit about
// every five moves.
TEST(PositionBetween, GrowsSlowlyWhenAlwaysPlacedInTheSameGap) {
  std::string low = "A";
  const std::string high = "B";
  for (int move = 0; move < 100; ++move) low = position_between(low, high);
  EXPECT_LT(low, high);
  EXPECT_LE(low.size(), 25U);
  std::string first = "V";
  for (int move = 0; move < 100; ++move) first = position_between("", first);
  EXPECT_TRUE(is_valid_position(first));
  EXPECT_LE(first.size(), 25U);
}

}  // namespace
}  // namespace taskflow::tasks
