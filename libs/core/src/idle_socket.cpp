#include "taskflow/core/idle_socket.hpp"

#include <poll.h>

namespace taskflow {

bool idle_socket_closed(int fd) noexcept {
  if (fd < 0) return true;
  pollfd watch{fd, POLLIN, 0};
  return ::poll(&watch, 1, 0) != 0;
}

}  // namespace taskflow
