#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "taskflow/core/blocking_pool.hpp"

using namespace taskflow;

TEST(BlockingPool, RunsWorkOffTheCallerThreadAndResumesOnIt) {
  asio::io_context io;
  BlockingPool pool(2);
  std::thread::id io_thread = std::this_thread::get_id();
  std::thread::id work_thread;
  std::thread::id resumed_thread;
  int result = 0;
  asio::co_spawn(
      io,
      [&]() -> Awaitable<> {
        result = co_await pool.run([&] {
          work_thread = std::this_thread::get_id();
          return 41 + 1;
        });
        resumed_thread = std::this_thread::get_id();
      },
      asio::detached);
  io.run();
  EXPECT_EQ(result, 42);
  EXPECT_NE(work_thread, io_thread);
  EXPECT_EQ(resumed_thread, io_thread);
}

TEST(BlockingPool, PropagatesExceptionsToTheAwaiter) {
  asio::io_context io;
  BlockingPool pool(1);
  std::string caught;
  bool void_ran = false;
  asio::co_spawn(
      io,
      [&]() -> Awaitable<> {
        co_await pool.run([&] { void_ran = true; });
        try {
          co_await pool.run([]() -> int { throw std::runtime_error("boom"); });
        } catch (const std::runtime_error& e) {
          caught = e.what();
        }
      },
      asio::detached);
  io.run();
  EXPECT_TRUE(void_ran);
  EXPECT_EQ(caught, "boom");
}

TEST(BlockingPool, MoveOnlyResults) {
  asio::io_context io;
  BlockingPool pool(1);
  std::unique_ptr<int> value;
  asio::co_spawn(
      io,
      [&]() -> Awaitable<> { value = co_await pool.run([] { return std::make_unique<int>(7); }); },
      asio::detached);
  io.run();
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, 7);
}
