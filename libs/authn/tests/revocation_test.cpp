#include <gtest/gtest.h>

#include "taskflow/authn/revocation.hpp"

using namespace taskflow::authn;

TEST(RevocationList, MatchesRevokedTokensAndSessions) {
  RevocationList list;
  auto later = Clock::now() + std::chrono::minutes(5);
  EXPECT_FALSE(list.is_revoked("t1", "s1"));
  list.add(RevocationList::token_key("t1"), later);
  list.add(RevocationList::session_key("s2"), later);
  EXPECT_TRUE(list.is_revoked("t1", "s9"));
  EXPECT_TRUE(list.is_revoked("t9", "s2"));
  EXPECT_FALSE(list.is_revoked("s2", "t1"));
}

TEST(RevocationList, PruneDropsOnlyExpiredEntries) {
  RevocationList list;
  auto now = Clock::now();
  list.add(RevocationList::token_key("old"), now - std::chrono::seconds(1));
  list.add(RevocationList::token_key("new"), now + std::chrono::seconds(60));
  list.prune(now);
  EXPECT_EQ(list.size(), 1u);
  EXPECT_TRUE(list.is_revoked("new", ""));
}

TEST(RevocationList, ReplaceSwapsTheWholeSet) {
  RevocationList list;
  auto later = Clock::now() + std::chrono::minutes(5);
  list.add(RevocationList::token_key("a"), later);
  list.replace({{RevocationList::token_key("b"), later}});
  EXPECT_FALSE(list.is_revoked("a", ""));
  EXPECT_TRUE(list.is_revoked("b", ""));
}

TEST(RevocationList, TellsListenersAfterEveryChange) {
  RevocationList list;
  int changes = 0;
  bool revoked_when_told = false;
  list.on_change([&] {
    ++changes;
    revoked_when_told = list.is_revoked("t1", "");
  });
  list.add(RevocationList::token_key("t1"), Clock::now() + std::chrono::minutes(5));
  EXPECT_EQ(changes, 1);
  EXPECT_TRUE(revoked_when_told);
  list.replace({});
  EXPECT_EQ(changes, 2);
  EXPECT_FALSE(revoked_when_told);
}

TEST(ParseRevocationMessage, ReadsKeyAndExpiry) {
  auto parsed = parse_revocation_message("jti:abc 1700000000");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->first, "jti:abc");
  EXPECT_EQ(parsed->second, Clock::time_point(std::chrono::seconds(1700000000)));
  EXPECT_FALSE(parse_revocation_message("jti:abc"));
  EXPECT_FALSE(parse_revocation_message(" 17"));
  EXPECT_FALSE(parse_revocation_message("jti:abc soon"));
}
