#include "taskflow/authn/authenticator.hpp"

#include "taskflow/core/errors.hpp"
#include "taskflow/core/log.hpp"
#include "taskflow/http/client.hpp"

namespace taskflow::authn {
namespace {

constexpr auto kFetchTimeout = std::chrono::milliseconds(2000);
constexpr std::size_t kVerifiedCacheSize = 10000;

http::HttpError unauthorized(std::string detail) {
  http::HttpError error(http::Status::unauthorized, std::move(detail));
  error.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"api\"");
  return error;
}

std::string describe(jwt::Error error) {
  switch (error) {
    case jwt::Error::Expired:
      return "Token has expired.";
    case jwt::Error::WrongTokenType:
      return "Token has the wrong type; use an access token.";
    case jwt::Error::NotYetValid:
      return "Token is not valid yet.";
    default:
      return "Given token is not valid.";
  }
}

}  // namespace

std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view scheme = "Bearer ";
  if (authorization.size() <= scheme.size()) return {};
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
        std::tolower(static_cast<unsigned char>(scheme[i]))) {
      return {};
    }
  }
  auto token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

Authenticator::Authenticator(jwt::KeySet keys, jwt::VerifyOptions options,
                             std::shared_ptr<RevocationList> revoked)
    : options_(std::move(options)),
      revoked_(std::move(revoked)),
      keys_(std::make_shared<const jwt::KeySet>(std::move(keys))) {}

Authenticator::Authenticator(std::string jwks_url, jwt::VerifyOptions options,
                             std::shared_ptr<RevocationList> revoked,
                             std::chrono::milliseconds min_refresh_interval)
    : jwks_url_(std::move(jwks_url)),
      min_refresh_interval_(min_refresh_interval),
      options_(std::move(options)),
      revoked_(std::move(revoked)),
      keys_(std::make_shared<const jwt::KeySet>()) {}

std::shared_ptr<const jwt::KeySet> Authenticator::keys() const {
  std::lock_guard lock(mutex_);
  return keys_;
}

bool Authenticator::has_keys() const {
  return !keys()->empty();
}

Awaitable<void> Authenticator::load_keys() {
  while (!has_keys()) {
    {
      std::lock_guard lock(mutex_);
      last_fetch_ = {};
    }
    if (co_await refresh_keys()) break;
    asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::seconds(1));
    co_await pause.async_wait(asio::use_awaitable);
  }
}

Awaitable<bool> Authenticator::refresh_keys() {
  if (jwks_url_.empty()) co_return false;
  {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (last_fetch_ != std::chrono::steady_clock::time_point{} &&
        now - last_fetch_ < min_refresh_interval_) {
      co_return false;
    }
    last_fetch_ = now;
  }
  try {
    auto response =
        co_await http::fetch(jwks_url_, http::Verb::get, std::string(), kFetchTimeout, "auth");
    if (response.result() != http::Status::ok) {
      log::warn("JWKS fetch failed", {{"status", response.result_int()}});
      co_return false;
    }
    auto document = nlohmann::json::parse(response.body(), nullptr, false);
    auto fetched = jwt::KeySet::from_jwks(document);
    if (fetched.empty()) {
      log::warn("JWKS had no usable key; keeping the old set");
      co_return false;
    }
    log::info("JWKS loaded", {{"keys", fetched.size()}});
    std::lock_guard lock(mutex_);
    keys_ = std::make_shared<const jwt::KeySet>(std::move(fetched));
    verified_.clear();
    co_return true;
  } catch (const DependencyUnavailable& e) {
    log::warn("JWKS fetch failed; keeping the old keys", {{"error", e.what()}});
    co_return false;
  }
}

Awaitable<void> Authenticator::operator()(http::Context& ctx) {
  auto header = ctx.request[http::beast_http::field::authorization];
  if (header.empty()) throw unauthorized("Authentication credentials were not provided.");
  auto token = bearer_token(header);
  if (token.empty()) throw unauthorized("Authorization header must be \"Bearer <token>\".");
  ctx.principal = co_await authenticate(token);
}

std::optional<http::Principal> Authenticator::cached(const std::string& token) const {
  std::lock_guard lock(mutex_);
  auto found = verified_.find(token);
  if (found == verified_.end()) return std::nullopt;
  return found->second;
}

void Authenticator::remember(std::string token, const http::Principal& principal) {
  std::lock_guard lock(mutex_);
  // Emptying a full cache keeps it bounded without bookkeeping; it refills in a moment.
  if (verified_.size() >= kVerifiedCacheSize) verified_.clear();
  verified_.emplace(std::move(token), principal);
}

Awaitable<http::Principal> Authenticator::authenticate(std::string_view token_view) {
  std::string token(token_view);  // the caller's buffer may not outlive a suspension
  auto principal = cached(token);
  if (!principal) {
    auto result = jwt::verify(*keys(), token, options_, jwt::TokenType::Access, Clock::now());
    if (!result && result.error() == jwt::Error::UnknownKey) {
      if (co_await refresh_keys()) {
        result = jwt::verify(*keys(), token, options_, jwt::TokenType::Access, Clock::now());
      } else if (!has_keys()) {
        throw DependencyUnavailable("auth", "no signing keys loaded yet");
      }
    }
    if (!result) throw unauthorized(describe(result.error()));
    const auto& claims = *result;
    auto session = claims.raw.find("sid");
    if (session == claims.raw.end() || !session->is_string() ||
        session->get_ref<const std::string&>().empty()) {
      throw unauthorized("Given token is not valid.");
    }
    principal =
        http::Principal{claims.user_id, claims.jti, session->get<std::string>(), claims.expires_at};
    remember(token, *principal);
  } else if (Clock::now() >= principal->expires_at + options_.leeway) {
    throw unauthorized(describe(jwt::Error::Expired));
  }
  if (revoked_->is_revoked(principal->token_id, principal->session_id)) {
    throw unauthorized("Token has been revoked.");
  }
  co_return std::move(*principal);
}

}  // namespace taskflow::authn
