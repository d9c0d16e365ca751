// Every expected value was printed by Debian's /usr/bin/python3 with
//   from difflib import SequenceMatcher
//   repr(SequenceMatcher(a=A, b=B).quick_ratio())
// and is compared exactly: Django tests quick_ratio() >= 0.7, so the last bit matters.
#include "domain/similarity.hpp"

#include <gtest/gtest.h>

#include <string>

namespace taskflow::auth {
namespace {

TEST(QuickRatio, EqualsDifflibExactly) {
  EXPECT_EQ(quick_ratio(U"", U""), 1.0);
  EXPECT_EQ(quick_ratio(U"abc", U""), 0.0);
  EXPECT_EQ(quick_ratio(U"", U"abc"), 0.0);
  EXPECT_EQ(quick_ratio(U"johnsmith", U"john.smith"), 0.9473684210526315);
  EXPECT_EQ(quick_ratio(U"aaaa", U"ab"), 0.3333333333333333);
  EXPECT_EQ(quick_ratio(U"alice1990", U"alice"), 0.7142857142857143);
  EXPECT_EQ(quick_ratio(U"correcthorse", U"john"), 0.25);
  EXPECT_EQ(quick_ratio(U"müller2024", U"müller"), 0.75);  // code points, not bytes
}

TEST(QuickRatio, HitsTheThresholdExactlyWhereDifflibDoes) {
  EXPECT_EQ(quick_ratio(U"abcdefghij", U"abcdefgxyz"), 0.7);                    // so too similar
  EXPECT_EQ(quick_ratio(U"abcdefghijk", U"abcdefghxyzw"), 0.6956521739130435);  // so not
}

TEST(QuickRatio, IgnoresOrderUnlikeRatio) {
  // ratio() is 0.3333333333333333 here; Django only asks quick_ratio(), so a reversed
  // username is rejected.
  EXPECT_EQ(quick_ratio(U"htimsnhoj", U"johnsmith"), 1.0);
}

TEST(QuickRatio, IsUnaffectedByAutojunkOnLongStrings) {
  // A = 'x'*300, B = 'x'*200 + 'y'*100: autojunk treats both letters of B as popular, which
  // only ratio() would notice.
  const std::u32string a(300, U'x');
  const std::u32string b = std::u32string(200, U'x') + std::u32string(100, U'y');
  EXPECT_EQ(quick_ratio(a, b), 0.6666666666666666);
}

}  // namespace
}  // namespace taskflow::auth
