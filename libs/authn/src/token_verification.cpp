#include "taskflow/authn/token_verification.hpp"

#include <utility>

namespace taskflow::authn {
namespace {

std::shared_ptr<RevocationList> revocation_list(
    const std::function<void(const RevocationList&)>& on_revocation) {
  auto list = std::make_shared<RevocationList>();
  if (on_revocation) {
    list->on_change([on_revocation, observed = list.get()] { on_revocation(*observed); });
  }
  return list;
}

}  // namespace

TokenVerification::TokenVerification(Options options, std::string jwks_url)
    : revoked_(revocation_list(options.on_revocation)),
      authenticator_(
          std::make_shared<Authenticator>(std::move(jwks_url), options.verify, revoked_)),
      fetches_keys_(true),
      feed_(options.redis_url, revoked_) {}

TokenVerification::TokenVerification(Options options, jwt::KeySet keys)
    : revoked_(revocation_list(options.on_revocation)),
      authenticator_(std::make_shared<Authenticator>(std::move(keys), options.verify, revoked_)),
      fetches_keys_(false),
      feed_(options.redis_url, revoked_) {}

void TokenVerification::install(http::Server& server) {
  server.set_authenticator(
      [authenticator = authenticator_](http::Context& ctx) { return (*authenticator)(ctx); });
  server.add_readiness_check("revocations",
                             [this]() -> Awaitable<bool> { co_return feed_.connected(); });
  if (!fetches_keys_) return;
  server.add_readiness_check("auth keys", [authenticator = authenticator_]() -> Awaitable<bool> {
    co_return authenticator->has_keys();
  });
  asio::co_spawn(server.io(), authenticator_->load_keys(), asio::detached);
}

}  // namespace taskflow::authn
