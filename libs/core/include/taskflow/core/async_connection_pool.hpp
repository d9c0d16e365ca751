#pragma once
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "taskflow/core/asio.hpp"
#include "taskflow/core/errors.hpp"
#include "taskflow/core/idle_socket.hpp"

namespace taskflow {

// At most `size` connections of one kind for coroutines on I/O threads (pg::AsyncPool,
// redis::AsyncPool): idle ones are lent out, a free slot is filled by opening one, and when all
// are lent the caller waits, without blocking its thread, until one comes back or
// `checkout_timeout` passes (DependencyUnavailable naming the dependency). An idle connection
// whose server hung up meanwhile (idle_socket_closed on its fd()) is closed instead of lent, so
// a server restart costs no request a 503. Thread-safe.
template <class Connection>
class AsyncConnectionPool {
 public:
  using Ptr = std::unique_ptr<Connection>;

  AsyncConnectionPool(std::string dependency, std::size_t size,
                      std::chrono::milliseconds checkout_timeout)
      : dependency_(std::move(dependency)),
        size_(size),
        checkout_timeout_(checkout_timeout),
        unopened_slots_(size) {
    if (size == 0) throw std::invalid_argument(dependency_ + " pool: size must be at least 1");
  }

  // An idle connection still open, or one that `co_await open()` makes in a free slot. A failed
  // open frees its slot again.
  template <class Open>
  Awaitable<Ptr> checkout(Open open) {
    auto executor = co_await asio::this_coro::executor;
    std::shared_ptr<Waiter> waiter;
    {
      std::lock_guard lock(mutex_);
      while (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        if (!idle_socket_closed(connection->fd())) co_return std::move(connection);
        ++unopened_slots_;
      }
      if (unopened_slots_ > 0) {
        --unopened_slots_;
      } else {
        waiter = std::make_shared<Waiter>(executor);
        waiter->timer.expires_after(checkout_timeout_);
        waiters_.push_back(waiter);
      }
    }
    if (waiter) {
      boost::system::error_code ignored;
      co_await waiter->timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
      std::lock_guard lock(mutex_);
      if (waiter->handed) co_return std::move(waiter->handed);
      if (!waiter->may_open) {
        std::erase(waiters_, waiter);
        throw DependencyUnavailable(dependency_,
                                    fmt::format("no free connection within {} ms (pool of {})",
                                                checkout_timeout_.count(), size_));
      }
    }
    std::exception_ptr failure;
    Ptr opened;
    try {
      opened = co_await open();
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) {
      discard();
      std::rethrow_exception(failure);
    }
    co_return opened;
  }

  // Lends a connection (see checkout) to `co_await work(connection)` and returns its result.
  // The connection goes back to the pool after, unless it says it is broken(): then it is closed,
  // with the idle ones.
  template <class Result, class Open, class Work>
  Awaitable<Result> run(Open open, Work work) {
    Ptr connection = co_await checkout(std::move(open));
    std::exception_ptr failure;
    std::optional<Result> result;
    try {
      result.emplace(co_await work(*connection));
    } catch (...) {
      failure = std::current_exception();
    }
    if (connection->broken()) {
      connection.reset();
      discard();
      drop_idle();
    } else {
      give_back(std::move(connection));
    }
    if (failure) std::rethrow_exception(failure);
    co_return std::move(*result);
  }

  // Returns a healthy connection, to the first waiter if there is one.
  void give_back(Ptr connection) noexcept {
    std::shared_ptr<Waiter> waiter;
    {
      std::lock_guard lock(mutex_);
      if (waiters_.empty()) {
        idle_.push_back(std::move(connection));
        return;
      }
      waiter = std::move(waiters_.front());
      waiters_.pop_front();
      waiter->handed = std::move(connection);
    }
    wake(std::move(waiter));
  }

  // The slot of a connection the caller closed: the first waiter may open one in it.
  void discard() noexcept {
    std::shared_ptr<Waiter> waiter;
    {
      std::lock_guard lock(mutex_);
      if (waiters_.empty()) {
        ++unopened_slots_;
        return;
      }
      waiter = std::move(waiters_.front());
      waiters_.pop_front();
      waiter->may_open = true;
    }
    wake(std::move(waiter));
  }

  // Closes the idle connections: after one connection broke, the server most likely went away.
  // Also before the io_context the connections' sockets belong to is destroyed.
  void drop_idle() noexcept {
    std::vector<Ptr> dead;
    {
      std::lock_guard lock(mutex_);
      dead.swap(idle_);
    }
    for (std::size_t i = 0; i < dead.size(); ++i) discard();
  }

 private:
  // A coroutine waiting for a connection, or for the right to open one; woken by cancelling its
  // timer on the timer's own executor.
  struct Waiter {
    explicit Waiter(const asio::any_io_executor& executor) : timer(executor) {}
    asio::steady_timer timer;
    Ptr handed;
    bool may_open = false;
  };

  static void wake(std::shared_ptr<Waiter> waiter) noexcept {
    auto executor = waiter->timer.get_executor();
    asio::post(executor, [waiter = std::move(waiter)] { waiter->timer.cancel(); });
  }

  std::string dependency_;
  std::size_t size_;
  std::chrono::milliseconds checkout_timeout_;
  std::mutex mutex_;
  std::vector<Ptr> idle_;
  std::deque<std::shared_ptr<Waiter>> waiters_;
  std::size_t unopened_slots_;
};

}  // namespace taskflow
