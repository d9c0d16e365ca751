#pragma once
#include <exception>
#include <optional>
#include <type_traits>

#include "taskflow/core/asio.hpp"

namespace taskflow {

// Threads for blocking work (database calls, password hashing, Redis commands), so the I/O
// threads never block. `co_await pool.run(f)` runs f on the pool and resumes the caller on
// its own executor with f's result or exception.
class BlockingPool {
 public:
  explicit BlockingPool(std::size_t threads);
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  template <class F>
  Awaitable<std::invoke_result_t<F>> run(F work);

  // Runs `work` on the pool without waiting for it, for a caller that is no coroutine. It must
  // handle its own exceptions.
  template <class F>
  void post(F work) {
    asio::post(pool_, std::move(work));
  }

  // Waits for queued work to finish and joins the threads.
  void stop();

 private:
  asio::thread_pool pool_;
};

template <class F>
Awaitable<std::invoke_result_t<F>> BlockingPool::run(F work) {
  using Result = std::invoke_result_t<F>;
  if constexpr (std::is_void_v<Result>) {
    co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(
        [this, &work](auto handler) {
          auto caller = asio::get_associated_executor(handler);
          asio::post(pool_, [work = std::move(work), handler = std::move(handler),
                             guard = asio::make_work_guard(caller)]() mutable {
            std::exception_ptr failure;
            try {
              work();
            } catch (...) {
              failure = std::current_exception();
            }
            auto executor = guard.get_executor();
            asio::post(executor,
                       [handler = std::move(handler), failure]() mutable { handler(failure); });
          });
        },
        asio::use_awaitable);
  } else {
    auto result = co_await asio::async_initiate<decltype(asio::use_awaitable),
                                                void(std::exception_ptr, std::optional<Result>)>(
        [this, &work](auto handler) {
          auto caller = asio::get_associated_executor(handler);
          asio::post(pool_, [work = std::move(work), handler = std::move(handler),
                             guard = asio::make_work_guard(caller)]() mutable {
            std::exception_ptr failure;
            std::optional<Result> value;
            try {
              value.emplace(work());
            } catch (...) {
              failure = std::current_exception();
            }
            auto executor = guard.get_executor();
            asio::post(executor,
                       [handler = std::move(handler), failure, value = std::move(value)]() mutable {
                         handler(failure, std::move(value));
                       });
          });
        },
        asio::use_awaitable);
    co_return std::move(*result);
  }
}

}  // namespace taskflow
