#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "taskflow/authn/authenticator.hpp"
#include "taskflow/http/server.hpp"
#include "taskflow/jwt/signer.hpp"

using namespace taskflow;
using namespace taskflow::authn;

namespace {

constexpr auto kInterval = std::chrono::milliseconds(200);

// A stand-in for the auth service's /api/auth/jwks/ that publishes whichever keys the test says.
class JwksServer {
 public:
  JwksServer() {
    router_.add(http::Verb::get, "/jwks/", [this](http::Context&) -> Awaitable<http::Response> {
      ++fetches;
      std::lock_guard lock(mutex_);
      co_return http::json_response(http::Status::ok, keys_.to_jwks());
    });
    http::ServerOptions options;
    options.service = "jwks";
    options.threads = 1;
    server_ = std::make_unique<http::Server>(options, router_, metrics_);
    thread_ = std::thread([this] { server_->run(); });
    while (server_->bound_port() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    url = "http://127.0.0.1:" + std::to_string(server_->bound_port()) + "/jwks/";
  }
  ~JwksServer() { stop(); }
  void publish(const jwt::KeyPair& key) {
    std::lock_guard lock(mutex_);
    keys_.add(key.kid(), key.public_key());
  }
  void stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }

  std::string url;
  std::atomic<int> fetches{0};

 private:
  std::mutex mutex_;
  jwt::KeySet keys_;
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

std::string token_for(const jwt::KeyPair& key) {
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
  nlohmann::json claims{{"user_id", 3},    {"jti", "j"}, {"sid", "s"},     {"token_type", "access"},
                        {"iss", "issuer"}, {"iat", now}, {"exp", now + 60}};
  return jwt::Signer(jwt::KeyPair::from_seed_base64url(key.seed_base64url()).value()).sign(claims);
}

// Runs `body` as a coroutine to completion on a fresh io_context.
template <class Body>
void run(Body body) {
  asio::io_context io;
  asio::co_spawn(io, body(), asio::detached);
  io.run();
}

bool accepted(Authenticator& authenticator, const std::string& token) {
  bool ok = false;
  run([&]() -> Awaitable<> {
    try {
      co_await authenticator.authenticate(token);
      ok = true;
    } catch (const std::exception&) {
      ok = false;
    }
  });
  return ok;
}

}  // namespace

TEST(AuthenticatorWithJwks, FetchesKeysAtStartAndAgainForAnUnknownKeyId) {
  JwksServer jwks;
  auto first = jwt::KeyPair::generate();
  jwks.publish(first);
  Authenticator authenticator(jwks.url, jwt::VerifyOptions{.issuer = "issuer"},
                              std::make_shared<RevocationList>(), kInterval);
  EXPECT_FALSE(authenticator.has_keys());
  run([&]() -> Awaitable<> { co_await authenticator.load_keys(); });
  EXPECT_TRUE(authenticator.has_keys());
  EXPECT_TRUE(accepted(authenticator, token_for(first)));
  EXPECT_EQ(jwks.fetches, 1);

  std::this_thread::sleep_for(kInterval * 2);
  auto rotated = jwt::KeyPair::generate();
  jwks.publish(rotated);
  EXPECT_TRUE(accepted(authenticator, token_for(rotated)));
  EXPECT_EQ(jwks.fetches, 2);

  // A forged key id costs one fetch per interval, not one per request.
  std::this_thread::sleep_for(kInterval * 2);
  auto stranger = jwt::KeyPair::generate();
  EXPECT_FALSE(accepted(authenticator, token_for(stranger)));
  EXPECT_FALSE(accepted(authenticator, token_for(stranger)));
  EXPECT_FALSE(accepted(authenticator, token_for(stranger)));
  EXPECT_EQ(jwks.fetches, 3);
}

TEST(AuthenticatorWithJwks, KeepsItsKeysWhileTheAuthServiceIsDown) {
  JwksServer jwks;
  auto key = jwt::KeyPair::generate();
  jwks.publish(key);
  Authenticator authenticator(jwks.url, jwt::VerifyOptions{.issuer = "issuer"},
                              std::make_shared<RevocationList>());
  run([&]() -> Awaitable<> { co_await authenticator.load_keys(); });
  jwks.stop();
  EXPECT_TRUE(accepted(authenticator, token_for(key)));
  EXPECT_FALSE(accepted(authenticator, token_for(jwt::KeyPair::generate())));
  EXPECT_TRUE(accepted(authenticator, token_for(key)));
}
