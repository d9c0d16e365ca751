#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

namespace taskflow {

// Blocking background work on a thread of its own that sleeps between rounds (the outbox relay,
// the reminder scan): start() runs run() on the thread, stop() ends it at once. A derived class
// calls stop() in its own destructor, so the thread ends before the members it uses.
class BackgroundLoop {
 public:
  BackgroundLoop() = default;
  virtual ~BackgroundLoop();
  BackgroundLoop(const BackgroundLoop&) = delete;
  BackgroundLoop& operator=(const BackgroundLoop&) = delete;

  void start();
  // Requests the stop, interrupts a sleep and joins the thread.
  void stop();

 protected:
  virtual void run(std::stop_token stop) = 0;
  // Returns after `duration`, or sooner when stopped.
  void sleep(std::stop_token stop, std::chrono::milliseconds duration);

 private:
  std::mutex mutex_;
  std::condition_variable_any wakeup_;
  std::jthread thread_;
};

}  // namespace taskflow
