// The notifications service: wires configuration, the event pipeline, the live fan-out over
// Redis pub/sub, authentication and the routes.

#include "app/api.hpp"
#include "app/config.hpp"
#include "app/event_pipeline.hpp"
#include "app/live_hub.hpp"
#include "app/notification_store.hpp"
#include "domain/live_message.hpp"
#include "taskflow/authn/token_verification.hpp"
#include "taskflow/core/config.hpp"
#include "taskflow/core/log.hpp"
#include "taskflow/core/service_main.hpp"
#include "taskflow/http/server.hpp"
#include "taskflow/redis/client.hpp"
#include "taskflow/redis/subscriber.hpp"

using namespace taskflow;
using namespace taskflow::notifications;

namespace {

// After a (re)subscription: messages published while disconnected never arrived, so every
// socket here replays its user's live stream from where it was.
void replay_all(LiveHub& hub, NotificationStore& store) {
  for (const auto& request : hub.begin_replay_all()) replay_live(store, hub, request);
}

int run() {
  auto config = NotificationsConfig::from_env();
  auto server_options = http::ServerOptions::from_env("notifications", 8003);

  BlockingPool redis_calls(config.redis_pool_size);
  redis::Client redis(redis_calls, config.redis_url,
                      redis::PoolOptions{.size = config.redis_pool_size});
  NotificationStore store(redis.pool(), config.store);
  LiveHub hub;

  authn::TokenVerification tokens(
      {.redis_url = config.redis_url,
       .verify = {.issuer = config.issuer},
       .on_revocation = [&hub](const authn::RevocationList& list) { hub.close_revoked(list); }},
      config.jwks_url);

  redis::Subscriber live_updates(
      config.redis_url,
      redis::Subscription{
          .channels = {config.store.channel},
          .patterns = {},
          .on_connected = [&hub, &store] { replay_all(hub, store); },
          .on_message =
              [&hub](const std::string&, const std::string& payload) {
                if (auto message = parse_live_message(payload)) {
                  hub.deliver(message->user_id, live_frames(message->seq, frames_for(*message)));
                } else if (auto change = parse_live_change(payload)) {
                  for (std::size_t i = 0; i < change->user_ids.size(); ++i) {
                    auto seq = change->seqs.empty() ? std::nullopt
                                                    : std::optional<StreamId>(change->seqs[i]);
                    hub.deliver(change->user_ids[i], live_frames(seq, {change->frame}));
                  }
                } else {
                  log::warn("ignoring a malformed live update", {{"payload", payload}});
                }
              }});
  live_updates.start();

  http::Router router;
  http::Metrics metrics;
  add_notification_routes(router, ApiDeps{.store = store,
                                          .redis_calls = redis_calls,
                                          .authenticator = tokens.authenticator(),
                                          .revoked = tokens.revoked(),
                                          .hub = hub,
                                          .websocket = config.websocket,
                                          .websocket_origins = config.websocket_origins,
                                          .max_sockets_per_user = config.max_sockets_per_user});
  EventPipeline pipeline(
      EventPipelineOptions{
          .amqp_url = config.amqp_url,
          .redis_url = config.redis_url,
          .prefetch = config.prefetch,
          .store = config.store,
          .connection_name = Env::string("SERVICE_INSTANCE", "notifications") + " event consumer"},
      metrics);
  metrics.gauge("notifications_consumer_connected", "1 while consuming task events.",
                [&pipeline] { return pipeline.consuming() ? 1.0 : 0.0; });
  metrics.gauge("notifications_live_sockets", "WebSockets registered for live notifications.",
                [&hub] { return static_cast<double>(hub.size()); });

  http::Server server(server_options, router, metrics);
  server.add_readiness_check("redis", [&redis] { return redis.ping(); });
  server.add_readiness_check("live updates",
                             [&]() -> Awaitable<bool> { co_return live_updates.connected(); });
  tokens.install(server);
  pipeline.start();

  server.run();
  pipeline.stop();
  live_updates.stop();
  redis_calls.stop();
  return 0;
}

}  // namespace

int main() {
  return service_main("notifications", run);
}
