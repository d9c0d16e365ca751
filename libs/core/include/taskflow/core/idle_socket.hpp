#pragma once

namespace taskflow {

// Whether the peer closed (or reset) an idle client connection: an idle connection has nothing
// to read unless the server hung up (a restart, an administrator's kill), so one poll() with no
// timeout tells, without a round trip. Pools call it before lending a connection, so a server
// restart costs no request. A negative descriptor counts as closed.
bool idle_socket_closed(int fd) noexcept;

}  // namespace taskflow
