#include "app/config.hpp"

#include <algorithm>

#include "domain/requests.hpp"
#include "taskflow/core/config.hpp"

namespace taskflow::notifications {

NotificationsConfig NotificationsConfig::from_env() {
  NotificationsConfig config;
  config.redis_url = Env::required("REDIS_URL");
  config.amqp_url = Env::required("AMQP_URL");
  config.jwks_url = Env::required("AUTH_JWKS_URL");
  config.issuer = Env::string("JWT_ISSUER", "taskflow-auth");
  config.redis_pool_size = static_cast<std::size_t>(Env::integer("REDIS_POOL_SIZE", 8, 1, 256));
  config.prefetch = static_cast<std::uint16_t>(Env::integer("AMQP_PREFETCH", 100, 1, 65535));
  config.store.max_per_user =
      static_cast<std::size_t>(Env::integer("NOTIFICATIONS_PER_USER", 100, 1, 10000));
  // At least ten times what is kept, so every listed notification's event id is remembered.
  config.store.remembered_events = std::max<std::size_t>(
      static_cast<std::size_t>(Env::integer("NOTIFICATIONS_REMEMBERED_EVENTS", 1000, 10, 1000000)),
      10 * config.store.max_per_user);
  config.store.retention = Env::seconds("NOTIFICATIONS_RETENTION", std::chrono::hours(24 * 30),
                                        std::chrono::seconds(60), std::chrono::hours(24 * 365));
  config.store.channel = Env::string("NOTIFICATIONS_CHANNEL", "notifications:live");
  config.store.replay_window = Env::seconds("WS_REPLAY_WINDOW", std::chrono::minutes(10),
                                            std::chrono::seconds(1), std::chrono::hours(24));
  config.store.replay_limit =
      static_cast<std::size_t>(Env::integer("WS_REPLAY_LIMIT", 1000, 1, 100000));
  config.websocket.max_queued_bytes = static_cast<std::size_t>(
      Env::integer("WS_MAX_QUEUED_BYTES", 1024 * 1024, 4096, 256 * 1024 * 1024));
  config.websocket.max_incoming_bytes =
      static_cast<std::size_t>(Env::integer("WS_MAX_MESSAGE_BYTES", 4096, 125, 1024 * 1024));
  config.websocket.idle_timeout = Env::seconds("WS_IDLE_TIMEOUT", std::chrono::seconds(30),
                                               std::chrono::seconds(2), std::chrono::hours(1));
  config.websocket.send_buffer_bytes =
      static_cast<int>(Env::integer("WS_SEND_BUFFER_BYTES", 65536, 0, 16 * 1024 * 1024));
  config.websocket_origins = parse_origin_list(
      Env::string("WS_ALLOWED_ORIGINS", "http://localhost:3000,http://127.0.0.1:3000"));
  config.max_sockets_per_user =
      static_cast<std::size_t>(Env::integer("WS_MAX_SOCKETS_PER_USER", 20, 1, 10000));
  return config;
}

}  // namespace taskflow::notifications
