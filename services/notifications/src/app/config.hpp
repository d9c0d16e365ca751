#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/notification_store.hpp"
#include "taskflow/http/websocket.hpp"

namespace taskflow::notifications {

struct NotificationsConfig {
  std::string redis_url;
  std::string amqp_url;
  std::string jwks_url;
  std::string issuer;
  std::size_t redis_pool_size;
  std::uint16_t prefetch;
  StoreSettings store;
  http::WebSocketOptions websocket;
  std::vector<std::string> websocket_origins;  // cross-origin pages allowed to open a socket
  std::size_t max_sockets_per_user;            // on each instance

  // Reads and validates every setting; throws ConfigError naming the first bad one.
  static NotificationsConfig from_env();
};

}  // namespace taskflow::notifications
