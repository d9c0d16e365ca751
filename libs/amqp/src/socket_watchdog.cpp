#include "socket_watchdog.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

namespace taskflow::amqp {

bool SocketWatchdog::Guard::disarm() noexcept {
  if (watchdog_ == nullptr) return false;
  auto* watchdog = std::exchange(watchdog_, nullptr);
  return watchdog->disarm();
}

SocketWatchdog::SocketWatchdog() : thread_([this](std::stop_token stop) { watch(stop); }) {}

SocketWatchdog::~SocketWatchdog() {
  thread_.request_stop();
  thread_.join();
  disarm();
}

SocketWatchdog::Guard SocketWatchdog::arm(int socket, Clock::time_point deadline) {
  int duplicate = fcntl(socket, F_DUPFD_CLOEXEC, 0);
  if (duplicate < 0) throw std::system_error(errno, std::generic_category(), "dup socket");
  {
    std::lock_guard lock(mutex_);
    if (socket_ >= 0) ::close(socket_);
    socket_ = duplicate;
    deadline_ = deadline;
    fired_ = false;
  }
  changed_.notify_all();
  return Guard(*this);
}

bool SocketWatchdog::disarm() noexcept {
  std::lock_guard lock(mutex_);
  if (socket_ >= 0) ::close(std::exchange(socket_, -1));
  return std::exchange(fired_, false);
}

void SocketWatchdog::watch(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (socket_ < 0) {
      changed_.wait(lock, stop, [this] { return socket_ >= 0; });
      continue;
    }
    auto deadline = deadline_;
    changed_.wait_until(lock, stop, deadline,
                        [this, deadline] { return socket_ < 0 || deadline_ != deadline; });
    if (socket_ >= 0 && deadline_ == deadline && Clock::now() >= deadline) {
      // Wakes a blocked send or poll on the same socket, in any thread, with an error.
      ::shutdown(socket_, SHUT_RDWR);
      ::close(std::exchange(socket_, -1));
      fired_ = true;
    }
  }
}

}  // namespace taskflow::amqp
