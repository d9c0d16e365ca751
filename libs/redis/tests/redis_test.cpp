// Tests against a real Redis: a redis-server child process, or TASKFLOW_TEST_REDIS_URL.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "taskflow/core/blocking_pool.hpp"
#include "taskflow/core/errors.hpp"
#include "taskflow/redis/async_pool.hpp"
#include "taskflow/redis/client.hpp"
#include "taskflow/redis/pool.hpp"
#include "taskflow/redis/subscriber.hpp"
#include "test_support.hpp"

using namespace taskflow;
using namespace std::chrono_literals;
using namespace std::string_literals;
using redis::Reply;
using redis::testing::eventually;
using Clock = std::chrono::steady_clock;

namespace {

class RedisTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (redis::testing::TestRedis::unavailable_reason()) return;
    try {
      server_ = std::make_unique<redis::testing::TestRedis>();
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    if (auto reason = redis::testing::TestRedis::unavailable_reason()) GTEST_SKIP() << *reason;
    ASSERT_TRUE(server_) << "could not start redis-server: " << setup_error_;
  }

  // Keys and channels unique to this test, so tests can share a server.
  std::string name(std::string_view suffix) const {
    auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    return fmt::format("taskflow-test:{}:{}:{}", getpid(), test->name(), suffix);
  }

  static inline std::unique_ptr<redis::testing::TestRedis> server_;
  static inline std::string setup_error_;
};

// Everything a Subscriber's callbacks saw, guarded for the test thread to read.
struct Received {
  std::mutex mutex;
  int connects = 0;
  std::vector<std::pair<std::string, std::string>> messages;

  redis::Subscription subscription(std::vector<std::string> channels,
                                   std::vector<std::string> patterns = {}) {
    return {.channels = std::move(channels),
            .patterns = std::move(patterns),
            .on_connected =
                [this] {
                  std::lock_guard lock(mutex);
                  ++connects;
                },
            .on_message =
                [this](const std::string& channel, const std::string& payload) {
                  std::lock_guard lock(mutex);
                  messages.emplace_back(channel, payload);
                }};
  }
  int connect_count() {
    std::lock_guard lock(mutex);
    return connects;
  }
  std::size_t message_count() {
    std::lock_guard lock(mutex);
    return messages.size();
  }
};

std::string closed_port_url() {
  return fmt::format("redis://127.0.0.1:{}", redis::testing::free_port());
}

}  // namespace

TEST_F(RedisTest, RunsCommands) {
  redis::Pool pool(server_->url());
  auto key = name("counter");
  EXPECT_EQ(pool.command({"SET", key, "41"}), Reply::status("OK"));
  EXPECT_EQ(pool.command({"INCR", key}).as_integer(), 42);
  EXPECT_EQ(pool.command(std::vector<std::string>{"GET", key}).as_string(), "42");
  EXPECT_EQ(pool.command({"DEL", key}).as_integer(), 1);
  EXPECT_TRUE(pool.command({"GET", key}).is_nil());
  EXPECT_THROW(pool.command(std::vector<std::string>{}), std::invalid_argument);
}

TEST_F(RedisTest, KeysAndValuesAreBinarySafe) {
  redis::Pool pool(server_->url());
  auto key = name("bin\0ary"s);
  auto value = "a\0b\r\n\xff"s;
  pool.command({"SET", key, value});
  auto stored = pool.command({"GET", key}).as_string();
  EXPECT_EQ(stored, value);
  EXPECT_EQ(stored.size(), 6u);
}

TEST_F(RedisTest, PipelineReturnsOneReplyPerCommandAndCarriesTransactions) {
  redis::Pool pool(server_->url());
  auto key = name("tx");
  auto replies = pool.pipeline({{"MULTI"}, {"SET", key, "1"}, {"INCRBY", key, "9"}, {"EXEC"}});
  ASSERT_EQ(replies.size(), 4u);
  EXPECT_EQ(replies[0], Reply::status("OK"));
  EXPECT_EQ(replies[1], Reply::status("QUEUED"));
  EXPECT_EQ(replies[3], Reply::array({Reply::status("OK"), Reply::integer(10)}));
  auto plain = pool.pipeline({{"GET", key}, {"STRLEN", key}});
  EXPECT_EQ(plain, (std::vector<Reply>{Reply::string("10"), Reply::integer(2)}));
}

TEST_F(RedisTest, RedisErrorsAreErrorRepliesAndTheConnectionStaysUsable) {
  redis::Pool pool(server_->url(), {.size = 1});
  auto key = name("string");
  pool.command({"SET", key, "x"});
  auto reply = pool.command({"LPUSH", key, "y"});
  ASSERT_TRUE(reply.is_error());
  EXPECT_TRUE(reply.error_message().starts_with("WRONGTYPE")) << reply.error_message();
  EXPECT_THROW(reply.as_integer(), redis::UnexpectedReply);
  EXPECT_TRUE(pool.command({"NO_SUCH_COMMAND"}).is_error());
  EXPECT_EQ(pool.command({"GET", key}).as_string(), "x");
}

TEST_F(RedisTest, EvalFallsBackToSendingTheScript) {
  redis::Pool pool(server_->url());
  std::string script = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
  auto key = name("eval");
  pool.command({"SCRIPT", "FLUSH"});
  EXPECT_EQ(pool.eval(script, {key}, {"2"}).as_integer(), 2);  // NOSCRIPT, then EVAL
  EXPECT_EQ(pool.eval(script, {key}, {"3"}).as_integer(), 5);  // EVALSHA
  EXPECT_TRUE(pool.eval("return redis.call('NOPE')", {}, {}).is_error());
}

TEST_F(RedisTest, UrlDatabaseAndPasswordAreApplied) {
  if (!server_->owns_server()) GTEST_SKIP() << "changes server settings; needs its own server";
  auto base = server_->url().substr(0, server_->url().rfind('/'));
  auto key = name("db");
  redis::Pool db3(base + "/3");
  db3.command({"SET", key, "in 3"});
  EXPECT_TRUE(redis::Pool(base + "/0").command({"GET", key}).is_nil());
  EXPECT_EQ(db3.command({"GET", key}).as_string(), "in 3");

  redis::Pool admin(base);
  admin.command({"CONFIG", "SET", "requirepass", "p@ss"});
  EXPECT_EQ(redis::Pool("redis://:p%40ss@" + base.substr(8) + "/3").command({"GET", key}),
            Reply::string("in 3"));
  EXPECT_THROW(redis::Pool("redis://:wrong@" + base.substr(8)).command({"PING"}),
               DependencyUnavailable);
  admin.command({"CONFIG", "SET", "requirepass", ""});
}

TEST_F(RedisTest, ClientRunsOnTheBlockingPool) {
  BlockingPool blocking(2);
  redis::Client client(blocking, server_->url());
  redis::Client unreachable(blocking, closed_port_url());
  auto key = name("client");
  Reply value;
  std::vector<Reply> replies;
  bool ping = false;
  bool unreachable_ping = true;
  asio::io_context io;
  asio::co_spawn(
      io,
      [&]() -> Awaitable<> {
        std::vector<std::string> set{"SET", key, "v"};
        co_await client.command(std::move(set));
        std::vector<std::vector<std::string>> commands{{"GET", key}, {"DEL", key}};
        replies = co_await client.pipeline(std::move(commands));
        ping = co_await client.ping();
        unreachable_ping = co_await unreachable.ping();
      },
      asio::detached);
  io.run();
  EXPECT_EQ(replies, (std::vector<Reply>{Reply::string("v"), Reply::integer(1)}));
  EXPECT_TRUE(ping);
  EXPECT_FALSE(unreachable_ping);
}

TEST_F(RedisTest, SubscriberDeliversMessagesAfterOnConnected) {
  Received received;
  auto channel = name("events");
  auto pattern_channel = name("tasks.7");
  redis::Subscriber subscriber(server_->url(), received.subscription({channel}, {name("tasks.*")}));
  EXPECT_FALSE(subscriber.connected());
  subscriber.start();
  ASSERT_TRUE(eventually([&] { return subscriber.connected(); }, 2s));
  EXPECT_EQ(received.connect_count(), 1);

  redis::Pool publisher(server_->url());
  EXPECT_EQ(publisher.command({"PUBLISH", channel, "hello\0world"s}).as_integer(), 1);
  EXPECT_EQ(publisher.command({"PUBLISH", pattern_channel, "updated"}).as_integer(), 1);
  ASSERT_TRUE(eventually([&] { return received.message_count() == 2; }, 2s));
  {
    std::lock_guard lock(received.mutex);
    EXPECT_EQ(received.messages[0], std::pair(channel, "hello\0world"s));
    EXPECT_EQ(received.messages[1], std::pair(pattern_channel, "updated"s));
  }

  auto started = Clock::now();
  subscriber.stop();
  EXPECT_LT(Clock::now() - started, 500ms);
  EXPECT_FALSE(subscriber.connected());
}

TEST_F(RedisTest, SurvivesRedisRestarting) {
  if (!server_->owns_server()) GTEST_SKIP() << "needs a redis-server it can kill";
  Received received;
  auto channel = name("events");
  redis::Subscriber subscriber(server_->url(), received.subscription({channel}));
  subscriber.start();
  redis::Pool pool(server_->url(), {.size = 2});
  ASSERT_TRUE(eventually([&] { return subscriber.connected(); }, 2s));
  EXPECT_EQ(pool.command({"PING"}), Reply::status("PONG"));

  server_->kill();
  auto started = Clock::now();
  EXPECT_THROW(pool.command({"PING"}), DependencyUnavailable);  // the idle connection died
  EXPECT_THROW(pool.command({"PING"}), DependencyUnavailable);  // connection refused
  EXPECT_LT(Clock::now() - started, 2s);
  EXPECT_TRUE(eventually([&] { return !subscriber.connected(); }, 1s));

  server_->start();
  EXPECT_EQ(pool.command({"PING"}), Reply::status("PONG"));
  ASSERT_TRUE(eventually([&] { return received.connect_count() == 2; }, 5s));
  EXPECT_TRUE(subscriber.connected());
  pool.command({"PUBLISH", channel, "after restart"});
  ASSERT_TRUE(eventually([&] { return received.message_count() == 1; }, 2s));
  std::lock_guard lock(received.mutex);
  EXPECT_EQ(received.messages[0].second, "after restart");
}

TEST_F(RedisTest, ARestartBetweenRequestsCostsNoRequest) {
  if (!server_->owns_server()) GTEST_SKIP() << "needs a redis-server it can kill";
  redis::Pool pool(server_->url(), {.size = 2});
  EXPECT_EQ(pool.command({"PING"}), Reply::status("PONG"));
  server_->kill();
  server_->start();
  // The idle connection is dead; the pool notices before lending it and opens a new one.
  EXPECT_EQ(pool.command({"PING"}), Reply::status("PONG"));
}

TEST(RedisUnreachable, ClosedPortFailsFastWithDependencyUnavailable) {
  redis::Pool pool(closed_port_url());
  auto started = Clock::now();
  try {
    pool.command({"PING"});
    FAIL() << "connected to a closed port";
  } catch (const DependencyUnavailable& e) {
    EXPECT_EQ(e.dependency(), "redis");
  }
  EXPECT_LT(Clock::now() - started, 2s);
}

namespace {

// An AsyncPool and the one io_context its connections belong to, which outlives them.
struct AsyncHarness {
  explicit AsyncHarness(const std::string& url, redis::AsyncPoolOptions options = {})
      : pool(url, options) {}
  ~AsyncHarness() { pool.close(); }

  // Runs the coroutines to completion, concurrently, each on a strand of its own (as request
  // handlers run); rethrows the first failure.
  template <class... Coroutines>
  void run(Coroutines... coroutines) {
    std::exception_ptr failure;
    auto done = [&](std::exception_ptr e) {
      if (e && !failure) failure = e;
    };
    (asio::co_spawn(asio::make_strand(io), std::move(coroutines), done), ...);
    io.restart();
    io.run();
    if (failure) std::rethrow_exception(failure);
  }

  Reply command(std::vector<std::string> args) {
    Reply reply;
    run([&]() -> Awaitable<> { reply = co_await pool.command(std::move(args)); });
    return reply;
  }

  asio::io_context io;
  redis::AsyncPool pool;
};

}  // namespace

TEST_F(RedisTest, AsyncPoolRunsBinarySafeCommandsAndKeepsTheConnectionAfterAnErrorReply) {
  AsyncHarness harness(server_->url(), {.size = 1});
  const std::string key = name("binary");
  const std::string value("a\0b\r\nc", 6);
  const std::string large(100 * 1024, 'x');  // several reads
  EXPECT_EQ(harness.command({"SET", key, value}), Reply::status("OK"));
  EXPECT_EQ(harness.command({"MGET", key, name("missing")}),
            Reply::array({Reply::string(value), Reply()}));
  EXPECT_TRUE(harness.command({"INCR", key}).is_error());
  EXPECT_EQ(harness.command({"SET", key, large}), Reply::status("OK"));
  EXPECT_EQ(harness.command({"GET", key}), Reply::string(large));
}

TEST_F(RedisTest, AsyncPoolPipelinesReturnOneReplyPerCommandInOrder) {
  AsyncHarness harness(server_->url(), {.size = 1});
  const std::string key = name("piped");
  std::vector<Reply> replies;
  harness.run([&]() -> Awaitable<> {
    std::vector<std::vector<std::string>> commands{
        {"INCR", key}, {"EXPIRE", key, "60"}, {"HSET", key, "f", "v"}, {"INCRBY", key, "9"}};
    replies = co_await harness.pool.pipeline(std::move(commands));
  });
  ASSERT_EQ(replies.size(), 4u);
  EXPECT_EQ(replies[0], Reply::integer(1));
  EXPECT_EQ(replies[1], Reply::integer(1));
  EXPECT_TRUE(replies[2].is_error());  // WRONGTYPE: an answer, and the rest still run
  EXPECT_EQ(replies[3], Reply::integer(10));
  EXPECT_EQ(harness.command({"GET", key}), Reply::string("10"));
}

TEST_F(RedisTest, AsyncPoolSharesItsConnectionsAmongConcurrentCallers) {
  AsyncHarness harness(server_->url(), {.size = 2});
  const std::string key = name("counter");
  auto increment = [&]() -> Awaitable<> {
    std::vector<std::string> args{"INCR", key};
    co_await harness.pool.command(std::move(args));
  };
  harness.run(increment(), increment(), increment(), increment(), increment(), increment(),
              increment(), increment(), increment(), increment());
  EXPECT_EQ(harness.command({"GET", key}), Reply::string("10"));
}

TEST_F(RedisTest, AsyncPoolAppliesTheUrlDatabaseAndPassword) {
  if (!server_->owns_server()) GTEST_SKIP() << "changes server settings; needs its own server";
  auto base = server_->url().substr(0, server_->url().rfind('/'));
  const std::string key = name("in-db-3");
  EXPECT_EQ(AsyncHarness(base + "/3").command({"SET", key, "three"}), Reply::status("OK"));
  EXPECT_EQ(redis::Pool(base + "/3").command({"GET", key}), Reply::string("three"));
  EXPECT_TRUE(redis::Pool(base + "/0").command({"GET", key}).is_nil());

  redis::Pool admin(base);
  admin.command({"CONFIG", "SET", "requirepass", "p@ss"});
  EXPECT_EQ(AsyncHarness("redis://:p%40ss@" + base.substr(8) + "/3").command({"GET", key}),
            Reply::string("three"));
  EXPECT_THROW(AsyncHarness("redis://:wrong@" + base.substr(8)).command({"PING"}),
               DependencyUnavailable);
  admin.command({"CONFIG", "SET", "requirepass", ""});
}

TEST_F(RedisTest, AsyncPoolFailsFastWhileRedisIsDownAndRecovers) {
  if (!server_->owns_server()) GTEST_SKIP() << "needs a redis-server it can kill";
  AsyncHarness harness(server_->url(), {.size = 2});
  EXPECT_EQ(harness.command({"PING"}), Reply::status("PONG"));
  server_->kill();
  auto started = Clock::now();
  EXPECT_THROW(harness.command({"PING"}), DependencyUnavailable);
  EXPECT_THROW(harness.command({"PING"}), DependencyUnavailable);
  EXPECT_LT(Clock::now() - started, 2s);
  server_->start();
  EXPECT_EQ(harness.command({"PING"}), Reply::status("PONG"));
}

TEST_F(RedisTest, AsyncPoolReplacesAnIdleConnectionFromBeforeARestartWithoutAFailure) {
  if (!server_->owns_server()) GTEST_SKIP() << "needs a redis-server it can kill";
  AsyncHarness harness(server_->url(), {.size = 2});
  EXPECT_EQ(harness.command({"PING"}), Reply::status("PONG"));
  server_->kill();
  server_->start();
  EXPECT_EQ(harness.command({"PING"}), Reply::status("PONG"));
}

TEST(RedisUnreachable, AsyncPoolTimesOutOnARedisThatNeverAnswers) {
  // A listener that never accepts: the kernel completes the connection, nobody replies.
  asio::io_context listener_io;
  asio::ip::tcp::acceptor silent(listener_io, {asio::ip::make_address("127.0.0.1"), 0});
  AsyncHarness harness(fmt::format("redis://127.0.0.1:{}", silent.local_endpoint().port()),
                       {.size = 1, .command_timeout = 200ms});
  auto started = Clock::now();
  EXPECT_THROW(harness.command({"PING"}), DependencyUnavailable);
  EXPECT_GE(Clock::now() - started, 150ms);
  EXPECT_LT(Clock::now() - started, 2s);
}

TEST(RedisUnreachable, AsyncPoolFailsFastOnAClosedPort) {
  AsyncHarness harness(closed_port_url());
  auto started = Clock::now();
  try {
    harness.command({"PING"});
    FAIL() << "connected to a closed port";
  } catch (const DependencyUnavailable& e) {
    EXPECT_EQ(e.dependency(), "redis");
  }
  EXPECT_LT(Clock::now() - started, 2s);
}
