#include <thread>

#include <gtest/gtest.h>

#include "taskflow/authn/authenticator.hpp"
#include "taskflow/jwt/signer.hpp"

using namespace taskflow;
using namespace taskflow::authn;

namespace {

struct Fixture {
  jwt::KeyPair key = jwt::KeyPair::generate();
  std::shared_ptr<RevocationList> revoked = std::make_shared<RevocationList>();

  Authenticator authenticator() {
    jwt::KeySet keys;
    keys.add(key.kid(), key.public_key());
    return Authenticator(std::move(keys), jwt::VerifyOptions{.issuer = "taskflow-auth"}, revoked);
  }

  std::string token(nlohmann::json overrides = nlohmann::json::object()) {
    auto now =
        std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
    nlohmann::json claims{
        {"user_id", 7},           {"jti", "t1"}, {"sid", "s1"},    {"token_type", "access"},
        {"iss", "taskflow-auth"}, {"iat", now},  {"exp", now + 60}};
    claims.update(overrides);
    return jwt::Signer(jwt::KeyPair::from_seed_base64url(key.seed_base64url()).value())
        .sign(claims);
  }
};

// Runs one authentication to completion and reports the principal or the HTTP status.
std::variant<http::Principal, http::Status> run(Authenticator& authenticator, std::string token) {
  asio::io_context io;
  std::variant<http::Principal, http::Status> outcome = http::Status::ok;
  asio::co_spawn(
      io,
      [&]() -> Awaitable<> {
        try {
          outcome = co_await authenticator.authenticate(token);
        } catch (const http::HttpError& e) {
          outcome = e.status();
        }
      },
      asio::detached);
  io.run();
  return outcome;
}

}  // namespace

TEST(Authenticator, AcceptsAValidAccessToken) {
  Fixture f;
  auto authenticator = f.authenticator();
  auto outcome = run(authenticator, f.token());
  ASSERT_TRUE(std::holds_alternative<http::Principal>(outcome));
  const auto& principal = std::get<http::Principal>(outcome);
  EXPECT_EQ(principal.user_id, 7);
  EXPECT_EQ(principal.token_id, "t1");
  EXPECT_EQ(principal.session_id, "s1");
}

TEST(Authenticator, RejectsRevokedTokensAndSessions) {
  Fixture f;
  auto authenticator = f.authenticator();
  auto later = Clock::now() + std::chrono::minutes(1);
  f.revoked->add(RevocationList::token_key("t1"), later);
  EXPECT_EQ(std::get<http::Status>(run(authenticator, f.token())), http::Status::unauthorized);
  f.revoked->replace({{RevocationList::session_key("s1"), later}});
  EXPECT_EQ(std::get<http::Status>(run(authenticator, f.token({{"jti", "t2"}}))),
            http::Status::unauthorized);
  EXPECT_TRUE(std::holds_alternative<http::Principal>(
      run(authenticator, f.token({{"jti", "t3"}, {"sid", "s2"}}))));
}

TEST(Authenticator, RejectsRefreshTokensAndTokensWithoutSession) {
  Fixture f;
  auto authenticator = f.authenticator();
  EXPECT_EQ(std::get<http::Status>(run(authenticator, f.token({{"token_type", "refresh"}}))),
            http::Status::unauthorized);
  nlohmann::json no_session = nlohmann::json::parse(R"({"sid": null})");
  EXPECT_EQ(std::get<http::Status>(run(authenticator, f.token(no_session))),
            http::Status::unauthorized);
  EXPECT_EQ(std::get<http::Status>(run(authenticator, "not-a-token")), http::Status::unauthorized);
}

TEST(BearerToken, ExtractsTheTokenCaseInsensitively) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer  abc "), "abc");
  EXPECT_EQ(bearer_token("Basic abc"), "");
  EXPECT_EQ(bearer_token("Bearer "), "");
  EXPECT_EQ(bearer_token(""), "");
}

TEST(Authenticator, ASecondUseOfATokenStillHonoursRevocation) {
  Fixture f;
  auto authenticator = f.authenticator();
  auto token = f.token();
  EXPECT_TRUE(std::holds_alternative<http::Principal>(run(authenticator, token)));
  EXPECT_TRUE(std::holds_alternative<http::Principal>(run(authenticator, token)));
  f.revoked->add(RevocationList::session_key("s1"), Clock::now() + std::chrono::minutes(1));
  EXPECT_EQ(std::get<http::Status>(run(authenticator, token)), http::Status::unauthorized);
}

TEST(Authenticator, ACachedTokenStillExpires) {
  Fixture f;
  jwt::KeySet keys;
  keys.add(f.key.kid(), f.key.public_key());
  Authenticator authenticator(
      std::move(keys),
      jwt::VerifyOptions{.issuer = "taskflow-auth", .leeway = std::chrono::seconds(0)}, f.revoked);
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
  auto token = f.token({{"exp", now + 1}});
  EXPECT_TRUE(std::holds_alternative<http::Principal>(run(authenticator, token)));
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_EQ(std::get<http::Status>(run(authenticator, token)), http::Status::unauthorized);
}
