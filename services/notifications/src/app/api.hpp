#pragma once
#include <memory>

#include "app/live_hub.hpp"
#include "app/notification_store.hpp"
#include "taskflow/authn/authenticator.hpp"
#include "taskflow/authn/revocation.hpp"
#include "taskflow/core/blocking_pool.hpp"
#include "taskflow/http/router.hpp"
#include "taskflow/http/websocket.hpp"

namespace taskflow::notifications {

struct ApiDeps {
  NotificationStore& store;  // on a pool sized for `redis_calls`
  BlockingPool& redis_calls;
  std::shared_ptr<authn::Authenticator> authenticator;
  std::shared_ptr<authn::RevocationList> revoked;
  LiveHub& hub;
  http::WebSocketOptions websocket;
  std::vector<std::string> websocket_origins;  // besides the gateway's own
  std::size_t max_sockets_per_user;            // on this instance
};

// The notifications endpoints of docs/openapi.yaml, always for the authenticated caller:
//   GET    /api/notifications/            the caller's notifications, newest first
//   POST   /api/notifications/mark-read/  {ids: [...]} or {all: true}
//   DELETE /api/notifications/            clears them
//   GET    /api/notifications/ws/         WebSocket: the unread count, then each new one
void add_notification_routes(http::Router& router, const ApiDeps& deps);

// Replays the user's live stream to these sockets of the hub (blocking: a Redis call). A
// failed read ends their replay with a resync frame.
void replay_live(NotificationStore& store, LiveHub& hub, const LiveHub::ReplayRequest& request);

}  // namespace taskflow::notifications
