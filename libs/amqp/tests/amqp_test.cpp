// Tests against a real RabbitMQ: a broker child process, or TASKFLOW_TEST_AMQP_URL.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <amqp.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "taskflow/amqp/connection.hpp"
#include "taskflow/amqp/consumer.hpp"
#include "taskflow/amqp/publisher.hpp"
#include "taskflow/core/errors.hpp"
#include "test_support.hpp"

using namespace taskflow;
using namespace std::chrono_literals;
using amqp::Decision;
using amqp::Delivery;
using amqp::testing::eventually;
using amqp::testing::TestRabbit;
using Clock = std::chrono::steady_clock;

namespace {

// Everything a Consumer's handler saw, guarded for the test thread to read.
class Inbox {
 public:
  explicit Inbox(std::function<Decision(const Delivery&)> decide) : decide_(std::move(decide)) {}

  std::function<Decision(const Delivery&)> handler() {
    return [this](const Delivery& delivery) {
      {
        std::lock_guard lock(mutex_);
        deliveries_.push_back(delivery);
      }
      return decide_(delivery);
    };
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return deliveries_.size();
  }
  std::vector<Delivery> deliveries() {
    std::lock_guard lock(mutex_);
    return deliveries_;
  }

 private:
  std::function<Decision(const Delivery&)> decide_;
  std::mutex mutex_;
  std::vector<Delivery> deliveries_;
};

// A durable topic exchange and a durable queue bound to it, whose rejects go to a dead-letter
// queue. Unused queues expire after a minute, so a shared broker is not littered.
struct Topology {
  std::string exchange;
  std::string queue;
  std::string dead_letters;

  void declare(amqp::Connection& connection) const {
    connection.declare_exchange(exchange, "topic", true);
    connection.declare_exchange(exchange + ".dlx", "fanout", true);
    connection.declare_queue(dead_letters, true, {{"x-expires", std::int64_t{60'000}}});
    connection.bind_queue(dead_letters, exchange + ".dlx", "");
    declare_queue(connection);
    connection.bind_queue(queue, exchange, "task.*");
  }
  amqp::QueueState declare_queue(amqp::Connection& connection) const {
    return connection.declare_queue(
        queue, true,
        {{"x-dead-letter-exchange", exchange + ".dlx"}, {"x-expires", std::int64_t{60'000}}});
  }
  amqp::QueueState declare_dead_letters(amqp::Connection& connection) const {
    return connection.declare_queue(dead_letters, true, {{"x-expires", std::int64_t{60'000}}});
  }
  std::function<void(amqp::Connection&)> setup() const {
    return [*this](amqp::Connection& connection) { declare(connection); };
  }
};

std::vector<amqp::Message> messages(const Topology& topology, std::string_view prefix, int count) {
  std::vector<amqp::Message> result;
  for (int i = 0; i < count; ++i) {
    result.push_back({.exchange = topology.exchange,
                      .routing_key = "task.created",
                      .body = fmt::format(R"({{"id": "{}-{}", "n": {}}})", prefix, i, i),
                      .message_id = fmt::format("{}-{}", prefix, i),
                      .headers = {{"source", "test"}}});
  }
  return result;
}

long confirmed_count(const amqp::PublishResult& result) {
  return std::count(result.confirmed.begin(), result.confirmed.end(), true);
}

std::chrono::milliseconds elapsed_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

class BrokerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = TestRabbit::unavailable_reason()) GTEST_SKIP() << *reason;
    ASSERT_NE(amqp::testing::shared_broker(), nullptr)
        << "could not start RabbitMQ: " << amqp::testing::broker_problem();
    url_ = broker().url();
  }

  static TestRabbit& broker() { return *amqp::testing::shared_broker(); }

  // Names unique to this test, so tests can share a broker.
  Topology unique_topology() const {
    auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    auto base = fmt::format("taskflow-test.{}.{}", getpid(), test->name());
    return {.exchange = base + ".events", .queue = base + ".queue", .dead_letters = base + ".dlq"};
  }

  amqp::ConsumerOptions consumer_options(const Topology& topology, Inbox& inbox) const {
    return {.queue = topology.queue, .setup = topology.setup(), .handler = inbox.handler()};
  }

  std::string url_;
};

}  // namespace

TEST_F(BrokerTest, PublishesABatchWithConfirmsAndConsumesItInOrder) {
  auto topology = unique_topology();
  amqp::Publisher publisher(url_, {.setup = topology.setup()});
  auto batch = messages(topology, "event", 500);
  auto started = Clock::now();
  auto result = publisher.publish_batch(batch, 5s);
  auto publish_time = elapsed_since(started);
  EXPECT_TRUE(result.all_confirmed()) << result.failure;
  EXPECT_EQ(confirmed_count(result), 500);
  EXPECT_TRUE(publisher.connected());

  Inbox inbox([](const Delivery&) { return Decision::ack; });
  amqp::Consumer consumer(url_, consumer_options(topology, inbox));
  EXPECT_FALSE(consumer.connected());
  started = Clock::now();
  consumer.start();
  ASSERT_TRUE(eventually([&] { return inbox.size() == 500; }, 10s)) << inbox.size();
  auto consume_time = elapsed_since(started);
  EXPECT_TRUE(consumer.connected());
  fmt::print("500 messages: published and confirmed in {} ms, consumed and acked in {} ms\n",
             publish_time.count(), consume_time.count());

  auto deliveries = inbox.deliveries();
  for (int i = 0; i < 500; ++i) {
    const auto& delivery = deliveries[i];
    SCOPED_TRACE(i);
    EXPECT_EQ(delivery.message_id, batch[i].message_id);
    EXPECT_EQ(delivery.body, batch[i].body);
    EXPECT_EQ(delivery.content_type, "application/json");
    EXPECT_TRUE(delivery.persistent);
    EXPECT_FALSE(delivery.redelivered);
    EXPECT_EQ(delivery.exchange, topology.exchange);
    EXPECT_EQ(delivery.routing_key, "task.created");
    EXPECT_EQ(delivery.headers, (std::map<std::string, std::string>{{"source", "test"}}));
  }

  auto stop_started = Clock::now();
  consumer.stop();
  EXPECT_LT(elapsed_since(stop_started), 1s);
  EXPECT_FALSE(consumer.connected());
  amqp::Connection connection(amqp::parse_url(url_), {});
  EXPECT_EQ(topology.declare_queue(connection).ready_messages, 0u);
}

TEST_F(BrokerTest, RejectedDeliveriesGoToTheDeadLetterQueue) {
  auto topology = unique_topology();
  amqp::Publisher publisher(url_, {.setup = topology.setup()});
  auto batch = messages(topology, "event", 3);
  batch[1].body = "poison";
  ASSERT_TRUE(publisher.publish_batch(batch, 5s).all_confirmed());

  Inbox inbox([](const Delivery& delivery) {
    return delivery.body == "poison" ? Decision::reject_dead_letter : Decision::ack;
  });
  amqp::Consumer consumer(url_, consumer_options(topology, inbox));
  consumer.start();
  ASSERT_TRUE(eventually([&] { return inbox.size() == 3; }, 5s));
  consumer.stop();

  Inbox dead_letters([](const Delivery&) { return Decision::ack; });
  amqp::Consumer dead_letter_consumer(url_, {.queue = topology.dead_letters,
                                             .setup = topology.setup(),
                                             .handler = dead_letters.handler()});
  dead_letter_consumer.start();
  ASSERT_TRUE(eventually([&] { return dead_letters.size() == 1; }, 5s));
  dead_letter_consumer.stop();
  auto parked = dead_letters.deliveries()[0];
  EXPECT_EQ(parked.body, "poison");
  EXPECT_EQ(parked.message_id, batch[1].message_id);
  EXPECT_EQ(parked.headers["x-first-death-reason"], "rejected");
  EXPECT_EQ(parked.headers["x-first-death-queue"], topology.queue);

  amqp::Connection connection(amqp::parse_url(url_), {});
  EXPECT_EQ(topology.declare_queue(connection).ready_messages, 0u);
  EXPECT_EQ(topology.declare_dead_letters(connection).ready_messages, 0u);
}

TEST_F(BrokerTest, RequeuedDeliveriesComeBackMarkedRedelivered) {
  auto topology = unique_topology();
  amqp::Publisher publisher(url_, {.setup = topology.setup()});
  ASSERT_TRUE(publisher.publish_batch(messages(topology, "event", 1), 5s).all_confirmed());

  Inbox inbox([](const Delivery& delivery) {
    return delivery.redelivered ? Decision::ack : Decision::requeue;
  });
  amqp::Consumer consumer(url_, consumer_options(topology, inbox));
  consumer.start();
  ASSERT_TRUE(eventually([&] { return inbox.size() == 2; }, 5s));
  consumer.stop();
  auto deliveries = inbox.deliveries();
  EXPECT_FALSE(deliveries[0].redelivered);
  EXPECT_TRUE(deliveries[1].redelivered);
  EXPECT_EQ(deliveries[1].message_id, "event-0");
  amqp::Connection connection(amqp::parse_url(url_), {});
  EXPECT_EQ(topology.declare_queue(connection).ready_messages, 0u);
}

TEST_F(BrokerTest, ConsumesAgainAfterItsQueueWasDeleted) {
  auto topology = unique_topology();
  Inbox inbox([](const Delivery&) { return Decision::ack; });
  amqp::Consumer consumer(url_, consumer_options(topology, inbox));
  consumer.start();
  ASSERT_TRUE(eventually([&] { return consumer.connected(); }, 5s));

  // The broker cancels the consumer; reconnecting runs setup, which declares the queue again.
  amqp::Connection connection(amqp::parse_url(url_), {});
  amqp_queue_delete(connection.native_handle(), amqp::Connection::channel,
                    amqp_cstring_bytes(topology.queue.c_str()), 0, 0);
  ASSERT_EQ(amqp_get_rpc_reply(connection.native_handle()).reply_type, AMQP_RESPONSE_NORMAL);
  ASSERT_TRUE(eventually([&] { return topology.declare_queue(connection).consumers == 1; }, 5s));
  amqp::Publisher publisher(url_, {.setup = topology.setup()});
  ASSERT_TRUE(publisher.publish_batch(messages(topology, "event", 1), 5s).all_confirmed());
  ASSERT_TRUE(eventually([&] { return inbox.size() == 1; }, 5s));
  EXPECT_EQ(inbox.deliveries()[0].id.connection, 2u);
}

TEST_F(BrokerTest, AThrowingHandlerIsRetriedOnceThenDeadLettered) {
  auto topology = unique_topology();
  amqp::Publisher publisher(url_, {.setup = topology.setup()});
  ASSERT_TRUE(publisher.publish_batch(messages(topology, "event", 1), 5s).all_confirmed());

  Inbox inbox([](const Delivery&) -> Decision { throw std::runtime_error("bad event"); });
  amqp::Consumer consumer(url_, consumer_options(topology, inbox));
  consumer.start();
  amqp::Connection connection(amqp::parse_url(url_), {});
  ASSERT_TRUE(eventually(
      [&] { return topology.declare_dead_letters(connection).ready_messages == 1; }, 5s));
  consumer.stop();
  EXPECT_EQ(inbox.size(), 2u);
  EXPECT_EQ(topology.declare_queue(connection).ready_messages, 0u);
}

TEST_F(BrokerTest, PrefetchBoundsUnsettledDeliveriesAndSettleAcksFromAnyThread) {
  auto topology = unique_topology();
  amqp::Publisher publisher(url_, {.setup = topology.setup()});
  ASSERT_TRUE(publisher.publish_batch(messages(topology, "event", 50), 5s).all_confirmed());

  Inbox inbox([](const Delivery&) { return Decision::later; });
  auto options = consumer_options(topology, inbox);
  options.prefetch = 10;
  amqp::Consumer consumer(url_, options);
  consumer.start();
  ASSERT_TRUE(eventually([&] { return inbox.size() == 10; }, 5s));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(inbox.size(), 10u) << "more deliveries than the prefetch allows";
  amqp::Connection connection(amqp::parse_url(url_), {});
  EXPECT_EQ(topology.declare_queue(connection).ready_messages, 40u);

  // Settled from this thread, as a service would after finishing the work elsewhere.
  std::size_t settled = 0;
  auto settle_all_received = [&] {
    auto deliveries = inbox.deliveries();
    for (; settled < deliveries.size(); ++settled) {
      consumer.settle(deliveries[settled].id, Decision::ack);
    }
    return settled == 50;
  };
  ASSERT_TRUE(eventually(settle_all_received, 10s)) << settled;
  consumer.stop();  // sends what was settled last before closing
  EXPECT_EQ(topology.declare_queue(connection).ready_messages, 0u);
  EXPECT_THROW(consumer.settle({}, Decision::later), std::invalid_argument);
}

TEST_F(BrokerTest, BrokerErrorsCarryTheReplyText) {
  auto topology = unique_topology();
  amqp::Connection connection(amqp::parse_url(url_), {});
  topology.declare_queue(connection);
  try {
    amqp::Connection other(amqp::parse_url(url_), {});
    other.declare_queue(topology.queue, /*durable=*/false);
    FAIL() << "redeclaring with other settings succeeded";
  } catch (const DependencyUnavailable& e) {
    EXPECT_EQ(e.dependency(), "rabbitmq");
    EXPECT_NE(std::string(e.what()).find("406 PRECONDITION_FAILED"), std::string::npos) << e.what();
  }

  // Publishing to a missing exchange closes the channel; the next call reconnects.
  amqp::Publisher publisher(url_, {});
  auto missing = messages(topology, "event", 2);
  for (auto& message : missing) message.exchange = "taskflow-test.no-such-exchange";
  auto result = publisher.publish_batch(missing, 2s);
  EXPECT_EQ(confirmed_count(result), 0);
  EXPECT_NE(result.failure.find("404 NOT_FOUND"), std::string::npos) << result.failure;
  EXPECT_FALSE(publisher.connected());
  auto to_default_exchange = messages(topology, "event", 1);
  to_default_exchange[0].exchange = "";
  to_default_exchange[0].routing_key = topology.queue;
  EXPECT_TRUE(publisher.publish_batch(to_default_exchange, 2s).all_confirmed());
  EXPECT_TRUE(publisher.connected());
  EXPECT_EQ(topology.declare_queue(connection).ready_messages, 1u);
}

TEST_F(BrokerTest, WrongPasswordIsRefusedWithoutQuotingIt) {
  auto endpoint = amqp::parse_url(url_);
  endpoint.password = "hunter2";
  try {
    amqp::Connection connection(endpoint, {});
    FAIL() << "logged in with a wrong password";
  } catch (const DependencyUnavailable& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("ACCESS_REFUSED"), std::string::npos) << what;
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
  }
}

TEST_F(BrokerTest, HeartbeatsKeepAConsumerAliveAndAnIdlePublisherRecovers) {
  auto topology = unique_topology();
  amqp::ConnectionOptions one_second{.heartbeat = 1s};
  amqp::Publisher publisher(url_, {.connection = one_second, .setup = topology.setup()});
  ASSERT_TRUE(publisher.publish_batch(messages(topology, "before", 1), 2s).all_confirmed());
  Inbox inbox([](const Delivery&) { return Decision::ack; });
  auto options = consumer_options(topology, inbox);
  options.connection = one_second;
  amqp::Consumer consumer(url_, options);
  consumer.start();
  ASSERT_TRUE(eventually([&] { return inbox.size() == 1; }, 5s));

  // Three missed heartbeats: the broker drops the publisher's connection, not the consumer's.
  std::this_thread::sleep_for(3500ms);
  auto result = publisher.publish_batch(messages(topology, "after", 1), 2s);
  EXPECT_TRUE(result.all_confirmed()) << result.failure;
  ASSERT_TRUE(eventually([&] { return inbox.size() == 2; }, 5s));
  EXPECT_EQ(inbox.deliveries()[1].id.connection, 1u) << "the consumer had to reconnect";
}

TEST_F(BrokerTest, PublishBatchNeverOutlastsItsTimeout) {
  if (!broker().owns_server()) GTEST_SKIP() << "needs a broker it can pause";
  amqp::Message small{.routing_key = "taskflow-test.nowhere", .body = "{}"};
  // 32 MiB: more than the kernel buffers hold, so sends block once the broker stops reading.
  std::vector<amqp::Message> large(
      128, {.routing_key = "taskflow-test.nowhere", .body = std::string(256 * 1024, 'x')});
  amqp::Publisher waits_for_confirms(url_, {});
  amqp::Publisher blocks_sending(url_, {});
  ASSERT_TRUE(waits_for_confirms.publish_batch({small}, 2s).all_confirmed());
  ASSERT_TRUE(blocks_sending.publish_batch({}, 2s).all_confirmed());
  ASSERT_TRUE(blocks_sending.connected());

  broker().pause();
  auto check_bounded = [](amqp::Publisher& publisher, const std::vector<amqp::Message>& batch,
                          std::string_view expected_failure) {
    auto started = Clock::now();
    auto result = publisher.publish_batch(batch, 700ms);
    auto took = elapsed_since(started);
    EXPECT_GE(took, 650ms);
    EXPECT_LT(took, 1200ms);
    EXPECT_EQ(confirmed_count(result), 0);
    EXPECT_NE(result.failure.find(expected_failure), std::string::npos) << result.failure;
    EXPECT_FALSE(publisher.connected());
  };
  check_bounded(waits_for_confirms, {small}, "timed out waiting for confirms");
  check_bounded(blocks_sending, large, "timed out sending (the broker stopped reading)");
  check_bounded(waits_for_confirms, {small}, "timed out");  // reconnecting: no handshake reply
  broker().resume();

  EXPECT_TRUE(waits_for_confirms.publish_batch({small}, 5s).all_confirmed());
  EXPECT_TRUE(blocks_sending.publish_batch({small}, 5s).all_confirmed());
}

TEST_F(BrokerTest, SurvivesTheBrokerRestarting) {
  if (!broker().owns_server()) GTEST_SKIP() << "needs a broker it can restart";
  auto topology = unique_topology();
  amqp::Publisher publisher(url_, {.setup = topology.setup()});
  std::atomic<bool> restarted = false;
  // Before the restart deliveries stay unsettled: the broker must keep and redeliver them.
  Inbox inbox([&](const Delivery&) { return restarted ? Decision::ack : Decision::later; });
  amqp::Consumer consumer(url_, consumer_options(topology, inbox));
  consumer.start();
  ASSERT_TRUE(publisher.publish_batch(messages(topology, "before", 3), 5s).all_confirmed());
  ASSERT_TRUE(eventually([&] { return inbox.size() == 3; }, 5s));
  auto unsettled = inbox.deliveries();

  broker().kill();
  EXPECT_TRUE(eventually([&] { return !consumer.connected(); }, 2s));
  auto during = messages(topology, "during", 1);
  auto started = Clock::now();
  auto result = publisher.publish_batch(during, 1s);
  EXPECT_LT(elapsed_since(started), 1s);
  EXPECT_EQ(confirmed_count(result), 0);
  EXPECT_FALSE(publisher.connected());

  restarted = true;
  broker().start();
  // Settling deliveries of the lost connection is ignored, not sent to the new channel.
  for (const auto& delivery : unsettled) consumer.settle(delivery.id, Decision::ack);
  // The relay publishes what was not confirmed again, along with what came since.
  auto after = messages(topology, "after", 2);
  after.insert(after.begin(), during.begin(), during.end());
  result = publisher.publish_batch(after, 5s);
  EXPECT_TRUE(result.all_confirmed()) << result.failure;
  ASSERT_TRUE(eventually([&] { return inbox.size() == 3 + 3 + 3; }, 10s)) << inbox.size();
  EXPECT_TRUE(consumer.connected());

  auto deliveries = inbox.deliveries();
  std::vector<std::string> redelivered;
  std::vector<std::string> fresh;
  for (std::size_t i = 3; i < deliveries.size(); ++i) {
    EXPECT_EQ(deliveries[i].id.connection, 2u);
    (deliveries[i].redelivered ? redelivered : fresh).push_back(deliveries[i].message_id);
  }
  EXPECT_EQ(redelivered, (std::vector<std::string>{"before-0", "before-1", "before-2"}));
  EXPECT_EQ(fresh, (std::vector<std::string>{"during-0", "after-0", "after-1"}));
  consumer.stop();
  amqp::Connection connection(amqp::parse_url(url_), {});
  EXPECT_EQ(topology.declare_queue(connection).ready_messages, 0u);
}

TEST(Unreachable, EverythingFailsFastWithDependencyUnavailable) {
  auto url = fmt::format("amqp://u:p@127.0.0.1:{}/%2f", amqp::testing::free_port());
  auto started = Clock::now();
  try {
    amqp::Connection connection(amqp::parse_url(url), {});
    FAIL() << "connected to a closed port";
  } catch (const DependencyUnavailable& e) {
    EXPECT_EQ(e.dependency(), "rabbitmq");
    EXPECT_NE(std::string(e.what()).find("connect to 127.0.0.1"), std::string::npos) << e.what();
  }
  EXPECT_LT(elapsed_since(started), 1s);

  amqp::Publisher publisher(url, {});
  auto result = publisher.publish_batch({amqp::Message{.body = "{}"}}, 1s);
  EXPECT_EQ(result.confirmed, std::vector<bool>{false});
  EXPECT_FALSE(result.failure.empty());
  EXPECT_FALSE(publisher.connected());

  amqp::Consumer consumer(url,
                          {.queue = "q", .handler = [](const Delivery&) { return Decision::ack; }});
  consumer.start();
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(consumer.connected());
  started = Clock::now();
  consumer.stop();
  EXPECT_LT(elapsed_since(started), 500ms);
  EXPECT_THROW(amqp::Consumer(url, {.queue = "q"}), std::invalid_argument);
}
