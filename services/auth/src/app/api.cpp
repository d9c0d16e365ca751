#include "app/api.hpp"

#include "app/user_store.hpp"
#include "domain/input_validation.hpp"
#include "taskflow/core/log.hpp"
#include "taskflow/jwt/verifier.hpp"

namespace taskflow::auth {
namespace {

using http::Context;
using http::HttpError;
using http::Response;
using http::Status;
using Clock = std::chrono::system_clock;

constexpr std::string_view kInvalidCredentials = "Invalid credentials.";
// Revocations must outlive every access token they can affect, clock skew included.
constexpr auto kRevocationMargin = std::chrono::seconds(60);

HttpError unauthorized(std::string detail) {
  return HttpError(Status::unauthorized, std::move(detail));
}

nlohmann::json tokens_json(const IssuedTokens& tokens) {
  return {{"access", tokens.access}, {"refresh", tokens.refresh}};
}

HttpError conflict_error(Conflict conflict) {
  if (conflict == Conflict::no_such_user) return unauthorized("User no longer exists.");
  FieldErrors errors;
  if (conflict == Conflict::email)
    errors["email"].emplace_back(kEmailTakenMessage);
  else
    errors["username"].emplace_back(kUsernameTakenMessage);
  return HttpError(Status::bad_request, validation::first_problem(errors), nlohmann::json(errors));
}

class AuthApi {
 public:
  explicit AuthApi(AuthDeps deps)
      : d_(deps), sessions_(deps.redis), throttle_(make_throttle(deps)) {}

  Awaitable<Response> register_user(Context& ctx) {
    const auto& registration =
        http::valid_or_400(validate_registration(ctx.json_object(), d_.common_passwords));
    auto hash = co_await d_.hashing.run([&] { return d_.hasher.hash(registration.password); });
    auto created = co_await d_.db.run(
        [&](pqxx::connection& c) { return user_store::create(c, registration, hash); });
    if (auto* conflict = std::get_if<Conflict>(&created)) throw conflict_error(*conflict);
    const auto& user = std::get<User>(created);
    auto tokens = co_await start_session(user.id);
    log::info("user registered", {{"request_id", ctx.request_id}, {"user_id", user.id}});
    co_return http::json_response(Status::created,
                                  {{"user", user.to_json()}, {"tokens", tokens_json(tokens)}});
  }

  Awaitable<Response> login(Context& ctx) {
    const auto& [email, password] = http::valid_or_400(validate_login(ctx.json_object()));
    auto account = normalize_email(email);
    auto address =
        client_address(d_.config.trusted_proxies, ctx.remote_address, ctx.request["X-Real-IP"]);
    auto wait =
        co_await d_.redis_calls.run([&] { return throttle_.blocked_for(account, address); });
    if (wait) {
      HttpError error(Status::too_many_requests, "Too many failed login attempts. Try again in " +
                                                     std::to_string(wait->count()) + " seconds.");
      error.headers.emplace_back("Retry-After", std::to_string(wait->count()));
      throw error;
    }
    auto user = co_await d_.db.run(
        [&](pqxx::connection& c) { return user_store::find_by_email(c, account); });
    // An unknown email costs one hash too, so timing does not reveal which accounts exist.
    bool valid = co_await d_.hashing.run([&] {
      if (!user) {
        d_.hasher.verify(dummy_hash(), password);
        return false;
      }
      return d_.hasher.verify(user->password_hash, password);
    });
    if (!valid) {
      co_await d_.redis_calls.run([&] { throttle_.record_failure(account, address); });
      throw unauthorized(std::string(kInvalidCredentials));
    }
    if (d_.hasher.needs_rehash(user->password_hash)) {
      auto upgraded = co_await d_.hashing.run([&] { return d_.hasher.hash(password); });
      co_await d_.db.run(
          [&](pqxx::connection& c) { user_store::set_password_hash(c, user->id, upgraded); });
      log::info("password hash upgraded", {{"user_id", user->id}});
    }
    co_await d_.redis_calls.run([&] { throttle_.record_success(account); });
    auto tokens = co_await start_session(user->id);
    co_return http::json_response(Status::ok,
                                  {{"user", user->to_json()}, {"tokens", tokens_json(tokens)}});
  }

  Awaitable<Response> refresh(Context& ctx) {
    const auto& token = http::valid_or_400(validate_refresh_request(ctx.json_object()));
    auto claims = verify_refresh(token);
    auto session_id = claims.raw["sid"].get<std::string>();
    auto tokens = d_.tokens.issue(claims.user_id, session_id, Clock::now());
    auto rotation = co_await d_.redis_calls.run([&] {
      return sessions_.rotate(session_id, claims.user_id, claims.jti, tokens.refresh_id,
                              d_.tokens.refresh_ttl());
    });
    if (rotation == Rotation::reused) {
      // A refresh token was used twice: someone holds a copy. End the whole family.
      // g++ 12 miscompiles a braced list inside co_await: name it first.
      std::vector<std::pair<std::string, Clock::time_point>> family{
          {authn::RevocationList::session_key(session_id), revocation_deadline()}};
      co_await revoke(std::move(family));
      log::warn("refresh token reuse, session revoked",
                {{"request_id", ctx.request_id}, {"user_id", claims.user_id}});
      throw unauthorized("Token has been revoked.");
    }
    if (rotation == Rotation::unknown) throw unauthorized("Token has been revoked.");
    co_return http::json_response(Status::ok, tokens_json(tokens));
  }

  Awaitable<Response> logout(Context& ctx) {
    const auto& principal = ctx.user();
    // The access token used for the call and its session end whatever the body holds: a client
    // that sends no refresh token, or a bad one, still means to log out.
    co_await end_session(principal.user_id, principal.session_id, principal.token_id);
    const auto& token = http::valid_or_400(validate_refresh_request(ctx.json_object()));
    auto claims = verify_refresh(token);
    if (claims.user_id != principal.user_id) {
      throw HttpError(Status::bad_request, "The refresh token belongs to another user.");
    }
    auto session_id = claims.raw["sid"].get<std::string>();
    if (session_id != principal.session_id) co_await end_session(claims.user_id, session_id, {});
    co_return http::json_response(Status::ok, {{"message", "Successfully logged out."}});
  }

  Awaitable<Response> profile(Context& ctx) {
    auto user = co_await current_user(ctx);
    co_return http::json_response(Status::ok, user.to_json());
  }

  Awaitable<Response> update_profile(Context& ctx, bool partial) {
    auto user_id = ctx.user().user_id;
    const auto& update = http::valid_or_400(validate_profile_update(ctx.json_object(), partial));
    auto updated = co_await d_.db.run(
        [&](pqxx::connection& c) { return user_store::update_profile(c, user_id, update); });
    if (auto* conflict = std::get_if<Conflict>(&updated)) throw conflict_error(*conflict);
    co_return http::json_response(Status::ok, std::get<User>(updated).to_json());
  }

  Awaitable<Response> change_password(Context& ctx) {
    const auto& principal = ctx.user();
    auto body = ctx.json_object();
    auto user = co_await current_user(ctx);
    UserAttributes attributes{user.username, user.email, user.first_name, user.last_name};
    const auto& change =
        http::valid_or_400(validate_change_password(body, attributes, d_.common_passwords));
    auto new_hash = co_await d_.hashing.run([&]() -> std::optional<std::string> {
      if (!d_.hasher.verify(user.password_hash, change.old_password)) return std::nullopt;
      return d_.hasher.hash(change.new_password);
    });
    if (!new_hash) {
      http::throw_validation({{"old_password", {"Your old password was entered incorrectly."}}});
    }
    co_await d_.db.run(
        [&](pqxx::connection& c) { user_store::set_password_hash(c, user.id, *new_hash); });
    auto ended = co_await d_.redis_calls.run(
        [&] { return sessions_.remove_others(user.id, principal.session_id); });
    std::vector<std::pair<std::string, Clock::time_point>> revoked;
    for (const auto& session_id : ended) {
      revoked.emplace_back(authn::RevocationList::session_key(session_id), revocation_deadline());
    }
    co_await revoke(std::move(revoked));
    co_return http::json_response(Status::ok, {{"message", "Password changed successfully."}});
  }

  Awaitable<Response> jwks(Context&) {
    jwt::KeySet keys;
    keys.add(d_.tokens.key().kid(), d_.tokens.key().public_key());
    auto response = http::json_response(Status::ok, keys.to_jwks());
    response.set(http::beast_http::field::cache_control, "public, max-age=300");
    co_return response;
  }

 private:
  static LoginThrottle make_throttle(const AuthDeps& deps) {
    return LoginThrottle(deps.redis, deps.config.max_failures_per_account,
                         deps.config.max_failures_per_address, deps.config.throttle_window);
  }

  const std::string& dummy_hash() {
    std::call_once(dummy_once_, [this] { dummy_hash_ = d_.hasher.hash("not-a-real-password"); });
    return dummy_hash_;
  }

  Clock::time_point revocation_deadline() const {
    return Clock::now() + d_.tokens.access_ttl() + kRevocationMargin;
  }

  jwt::Claims verify_refresh(const std::string& token) {
    jwt::KeySet keys;
    keys.add(d_.tokens.key().kid(), d_.tokens.key().public_key());
    auto result = jwt::verify(keys, token, jwt::VerifyOptions{.issuer = d_.config.issuer},
                              jwt::TokenType::Refresh, Clock::now());
    if (!result) {
      throw unauthorized(result.error() == jwt::Error::Expired ? "Token has expired."
                                                               : "Token is invalid.");
    }
    auto session = result->raw.find("sid");
    if (session == result->raw.end() || !session->is_string())
      throw unauthorized("Token is invalid.");
    return *result;
  }

  Awaitable<IssuedTokens> start_session(std::int64_t user_id) {
    auto session_id = random_id();
    auto tokens = d_.tokens.issue(user_id, session_id, Clock::now());
    co_await d_.redis_calls.run(
        [&] { sessions_.create(session_id, user_id, tokens.refresh_id, d_.tokens.refresh_ttl()); });
    co_return tokens;
  }

  Awaitable<User> current_user(const Context& ctx) {
    auto user_id = ctx.user().user_id;
    auto user =
        co_await d_.db.run([&](pqxx::connection& c) { return user_store::find_by_id(c, user_id); });
    if (!user) throw unauthorized("User no longer exists.");
    co_return std::move(*user);
  }

  // The session's refresh tokens stop working, and its access tokens (`token_id` at once too).
  // Parameters by value: they live in the coroutine's frame.
  Awaitable<void> end_session(std::int64_t user_id, std::string session_id, std::string token_id) {
    auto until = revocation_deadline();
    std::vector<std::pair<std::string, Clock::time_point>> ended;
    if (!session_id.empty()) {
      co_await d_.redis_calls.run([&] { sessions_.remove(session_id, user_id); });
      ended.emplace_back(authn::RevocationList::session_key(session_id), until);
    }
    if (!token_id.empty()) ended.emplace_back(authn::RevocationList::token_key(token_id), until);
    co_await revoke(std::move(ended));
  }

  // Stored and announced before the response, so every instance rejects them within moments.
  Awaitable<void> revoke(std::vector<std::pair<std::string, Clock::time_point>> entries) {
    for (const auto& [key, until] : entries) d_.revoked.add(key, until);
    co_await d_.redis_calls.run([&] { authn::publish_revocations(d_.redis, entries); });
  }

  AuthDeps d_;
  SessionStore sessions_;
  LoginThrottle throttle_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace

void add_auth_routes(http::Router& router, AuthDeps deps) {
  auto api = std::make_shared<AuthApi>(deps);
  auto route = [&](http::Verb verb, std::string path, auto method, bool authenticated) {
    router.add(verb, std::move(path), [api, method](Context& ctx) { return ((*api).*method)(ctx); },
               {.authenticated = authenticated});
  };
  route(http::Verb::post, "/api/auth/register/", &AuthApi::register_user, false);
  route(http::Verb::post, "/api/auth/login/", &AuthApi::login, false);
  route(http::Verb::post, "/api/auth/refresh/", &AuthApi::refresh, false);
  route(http::Verb::post, "/api/auth/logout/", &AuthApi::logout, true);
  route(http::Verb::get, "/api/auth/profile/", &AuthApi::profile, true);
  route(http::Verb::post, "/api/auth/change-password/", &AuthApi::change_password, true);
  route(http::Verb::get, "/api/auth/jwks/", &AuthApi::jwks, false);
  route(http::Verb::get, "/.well-known/jwks.json", &AuthApi::jwks, false);
  router.add(http::Verb::patch, "/api/auth/profile/",
             [api](Context& ctx) { return api->update_profile(ctx, true); },
             {.authenticated = true});
  router.add(http::Verb::put, "/api/auth/profile/",
             [api](Context& ctx) { return api->update_profile(ctx, false); },
             {.authenticated = true});
}

}  // namespace taskflow::auth
