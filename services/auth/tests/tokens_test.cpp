#include <gtest/gtest.h>

#include "app/tokens.hpp"
#include "taskflow/jwt/verifier.hpp"

using namespace taskflow;
using namespace taskflow::auth;

TEST(TokenIssuer, IssuesAccessAndRefreshTokensOfOneSession) {
  auto key = jwt::KeyPair::generate();
  jwt::KeySet keys;
  keys.add(key.kid(), key.public_key());
  TokenIssuer issuer(std::move(key), "taskflow-auth", std::chrono::seconds(900),
                     std::chrono::seconds(86400));
  auto now = std::chrono::system_clock::now();
  auto tokens = issuer.issue(7, "session-1", now);
  jwt::VerifyOptions options{.issuer = "taskflow-auth"};

  auto access = jwt::verify(keys, tokens.access, options, jwt::TokenType::Access, now);
  ASSERT_TRUE(access);
  EXPECT_EQ(access->user_id, 7);
  EXPECT_EQ(access->raw["sid"], "session-1");
  EXPECT_EQ(access->expires_at - access->issued_at, std::chrono::seconds(900));

  auto refresh = jwt::verify(keys, tokens.refresh, options, jwt::TokenType::Refresh, now);
  ASSERT_TRUE(refresh);
  EXPECT_EQ(refresh->jti, tokens.refresh_id);
  EXPECT_EQ(refresh->raw["sid"], "session-1");
  EXPECT_NE(refresh->jti, access->jti);
  EXPECT_EQ(refresh->expires_at - refresh->issued_at, std::chrono::seconds(86400));

  EXPECT_FALSE(jwt::verify(keys, tokens.refresh, options, jwt::TokenType::Access, now));
}

TEST(RandomId, Is128BitHexAndUnique) {
  auto a = random_id();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, random_id());
}
