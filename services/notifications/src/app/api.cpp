#include "app/api.hpp"

#include <fmt/format.h>

#include "domain/live_message.hpp"
#include "domain/notification.hpp"
#include "domain/requests.hpp"
#include "taskflow/core/log.hpp"

namespace taskflow::notifications {
namespace {

using http::Context;
using http::HttpError;
using http::Response;
using http::Status;
using Clock = std::chrono::system_clock;

// The token of a WebSocket request: ?token=, the "bearer, <token>" subprotocols a browser can
// send, or an Authorization header from other clients. `via_subprotocol` says whether the 101
// must name the "bearer" subprotocol.
std::string websocket_token(const Context& ctx, bool& via_subprotocol) {
  via_subprotocol = false;
  if (auto query = ctx.query("token"); query && !query->empty()) return std::string(*query);
  auto offered = ctx.request[http::beast_http::field::sec_websocket_protocol];
  if (!offered.empty()) {
    if (auto token = token_from_subprotocols(offered)) {
      via_subprotocol = true;
      return *token;
    }
  }
  auto token = authn::bearer_token(ctx.request[http::beast_http::field::authorization]);
  if (!token.empty()) return std::string(token);
  HttpError error(Status::unauthorized, "Authentication credentials were not provided.");
  error.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"api\"");
  throw error;
}

Awaitable<Response> list(const ApiDeps& deps, Context& ctx) {
  auto page = http::valid_or_400(parse_page(ctx.query("limit"), ctx.query("offset")));
  auto user = ctx.user().user_id;
  auto work = [&store = deps.store, user, page] {
    return store.list(user, page.offset, page.limit, Clock::now());
  };
  auto result = co_await deps.redis_calls.run(std::move(work));
  nlohmann::json body{{"notifications", std::move(result.notifications)},
                      {"total", result.total},
                      {"unread_count", result.unread_count},
                      {"limit", page.limit},
                      {"offset", page.offset}};
  co_return http::json_response(Status::ok, body);
}

Awaitable<Response> mark_read(const ApiDeps& deps, Context& ctx) {
  auto request = http::valid_or_400(parse_mark_read(ctx.json_object()));
  auto user = ctx.user().user_id;
  auto work = [&store = deps.store, user, request] {
    return store.mark_read(user, request.ids, request.all, Clock::now());
  };
  auto marked = co_await deps.redis_calls.run(std::move(work));
  nlohmann::json body{{"message", fmt::format("{} notification{} marked as read.", marked.updated,
                                              marked.updated == 1 ? "" : "s")},
                      {"updated", marked.updated}};
  co_return http::json_response(Status::ok, body);
}

Awaitable<Response> clear(const ApiDeps& deps, Context& ctx) {
  auto user = ctx.user().user_id;
  auto work = [&store = deps.store, user] { store.clear(user); };
  co_await deps.redis_calls.run(std::move(work));
  co_return http::empty_response(Status::no_content);
}

// The handshake's Origin, if it has one.
std::optional<std::string_view> origin_of(const Context& ctx) {
  auto found = ctx.request.find(http::beast_http::field::origin);
  if (found == ctx.request.end()) return std::nullopt;
  return found->value();
}

Awaitable<Response> live(const ApiDeps& deps, Context& ctx) {
  if (!websocket_origin_allowed(origin_of(ctx), ctx.request[http::beast_http::field::host],
                                deps.websocket_origins)) {
    throw HttpError(Status::forbidden, "WebSocket connections from this origin are not allowed.");
  }
  bool via_subprotocol = false;
  auto token = websocket_token(ctx, via_subprotocol);
  auto principal = co_await deps.authenticator->authenticate(token);
  ctx.principal = principal;
  auto user = principal.user_id;
  auto resume_after = http::valid_or_400(parse_resume_position(ctx.query("since")));
  // Read before the upgrade, so a Redis outage is a 503 the client can see.
  auto open_work = [&store = deps.store, user] { return store.open(user, Clock::now()); };
  auto opened = co_await deps.redis_calls.run(std::move(open_work));
  // A socket that resumes replays from where its client was; a new one from the head read
  // now, so what is published before it joins the hub is not missed either.
  auto seen = resume_after.value_or(opened.head);
  auto first_frame =
      resume_after
          ? unread_count_frame(opened.unread_count)
          : live_frames(opened.head, {unread_count_frame(opened.unread_count)}).frames.front();

  auto options = deps.websocket;
  if (via_subprotocol) options.subprotocol = "bearer";
  auto* hub = &deps.hub;
  auto* store = &deps.store;
  auto* redis_calls = &deps.redis_calls;
  auto revoked = deps.revoked;
  auto max_sockets = deps.max_sockets_per_user;
  http::WebSocketAccept accept{
      .options = std::move(options),
      .on_open =
          [hub, store, redis_calls, revoked, principal, seen, first_frame,
           max_sockets](const std::shared_ptr<http::WebSocketSession>& session) {
            if (!hub->add(session, principal, max_sockets, seen)) {
              session->close(http::websocket::close_code::policy_error,
                             "too many open sockets for this user");
              return;
            }
            session->send(first_frame);
            redis_calls->post(
                [store, hub,
                 request = LiveHub::ReplayRequest{
                     .user_id = principal.user_id, .after = seen, .session_ids = {session->id()}}] {
                  replay_live(*store, *hub, request);
                });
            session->close_at(principal.expires_at, http::websocket::close_code::policy_error,
                              "token expired");
            // A revocation that arrived between authenticating and joining the hub.
            if (revoked->is_revoked(principal.token_id, principal.session_id)) {
              session->close(http::websocket::close_code::policy_error, "token revoked");
            }
          },
      .on_close = [hub, user](http::WebSocketSession& session) { hub->remove(user, session.id()); },
  };
  co_return http::accept_websocket(ctx, std::move(accept));
}

}  // namespace

void replay_live(NotificationStore& store, LiveHub& hub, const LiveHub::ReplayRequest& request) {
  std::optional<LiveReplay> replay;
  try {
    replay = store.replay(request.user_id, request.after);
  } catch (const std::exception& error) {
    log::warn("live replay failed; the sockets are told to reload",
              {{"user_id", request.user_id}, {"error", error.what()}});
  }
  hub.finish_replay(request.user_id, request.session_ids, replay);
}

void add_notification_routes(http::Router& router, const ApiDeps& deps) {
  using http::Verb;
  const http::RouteOptions authenticated{.authenticated = true};
  auto shared = std::make_shared<ApiDeps>(deps);
  router.add(
      Verb::get, "/api/notifications/", [shared](Context& ctx) { return list(*shared, ctx); },
      authenticated);
  router.add(
      Verb::delete_, "/api/notifications/", [shared](Context& ctx) { return clear(*shared, ctx); },
      authenticated);
  router.add(
      Verb::post, "/api/notifications/mark-read/",
      [shared](Context& ctx) { return mark_read(*shared, ctx); }, authenticated);
  router.add(Verb::get, "/api/notifications/ws/",
             [shared](Context& ctx) { return live(*shared, ctx); });
}

}  // namespace taskflow::notifications
