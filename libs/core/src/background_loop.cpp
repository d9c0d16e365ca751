#include "taskflow/core/background_loop.hpp"

namespace taskflow {

BackgroundLoop::~BackgroundLoop() {
  stop();
}

void BackgroundLoop::start() {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void BackgroundLoop::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wakeup_.notify_all();
  thread_.join();
}

void BackgroundLoop::sleep(std::stop_token stop, std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  wakeup_.wait_for(lock, stop, duration, [] { return false; });
}

}  // namespace taskflow
