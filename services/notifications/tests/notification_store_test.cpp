// The Lua scripts of NotificationStore against a real Redis (a redis-server child process).
#include <algorithm>
#include <atomic>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "app/notification_store.hpp"
#include "taskflow/core/errors.hpp"
#include "taskflow/redis/subscriber.hpp"
#include "test_support.hpp"

using namespace taskflow;
using namespace taskflow::notifications;
using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

namespace {

class NotificationStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (redis::testing::TestRedis::unavailable_reason()) return;
    server_ = std::make_unique<redis::testing::TestRedis>();
  }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    if (auto reason = redis::testing::TestRedis::unavailable_reason()) GTEST_SKIP() << *reason;
    ASSERT_TRUE(server_);
    pool_ = std::make_unique<redis::Pool>(server_->url(), redis::PoolOptions{.size = 8});
    settings_.max_per_user = 5;
    settings_.retention = std::chrono::hours(24 * 30);
    settings_.channel = fmt::format("test-live:{}", next_user_);
    store_ = std::make_unique<NotificationStore>(*pool_, settings_);
    user_ = next_user_;
    next_user_ += 10;  // tests use user_ + 1 as "another user"
  }

  static nlohmann::json notification(const std::string& id) {
    return {{"id", id}, {"title", "New Task Created"}, {"read", false}};
  }

  static inline std::unique_ptr<redis::testing::TestRedis> server_;
  static inline std::int64_t next_user_ = 1000 + getpid() % 1000 * 1000;
  StoreSettings settings_;
  std::unique_ptr<redis::Pool> pool_;
  std::unique_ptr<NotificationStore> store_;
  std::int64_t user_ = 0;
  Clock::time_point now_ = Clock::now();
};

}  // namespace

TEST_F(NotificationStoreTest, StoresListsNewestFirstAndCountsUnread) {
  for (int i = 0; i < 3; ++i) {
    auto at = now_ + std::chrono::microseconds(i);
    auto inserted = store_->insert(user_, notification(fmt::format("e{}", i)), at, now_);
    EXPECT_TRUE(inserted.stored);
    EXPECT_EQ(inserted.unread_count, i + 1);
  }
  auto page = store_->list(user_, 0, 20, now_);
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.unread_count, 3);
  ASSERT_EQ(page.notifications.size(), 3u);
  EXPECT_EQ(page.notifications[0]["id"], "e2");
  EXPECT_EQ(page.notifications[2]["id"], "e0");
  EXPECT_EQ(page.notifications[0]["read"], false);

  auto second = store_->list(user_, 1, 1, now_);
  ASSERT_EQ(second.notifications.size(), 1u);
  EXPECT_EQ(second.notifications[0]["id"], "e1");
  EXPECT_EQ(second.total, 3);
  EXPECT_TRUE(store_->list(user_, 10, 5, now_).notifications.empty());
}

TEST_F(NotificationStoreTest, TheSameEventTwiceIsOneNotification) {
  EXPECT_TRUE(store_->insert(user_, notification("dup"), now_, now_).stored);
  auto again = store_->insert(user_, notification("dup"), now_ + 1s, now_ + 1s);
  EXPECT_FALSE(again.stored);
  EXPECT_EQ(again.unread_count, 1);
  EXPECT_EQ(store_->list(user_, 0, 20, now_).total, 1);
  // Even after the user cleared them, a redelivery does not bring it back.
  store_->clear(user_);
  EXPECT_FALSE(store_->insert(user_, notification("dup"), now_ + 2s, now_ + 2s).stored);
  EXPECT_EQ(store_->list(user_, 0, 20, now_).total, 0);
}

TEST_F(NotificationStoreTest, KeepsOnlyTheNewestPerUser) {
  for (int i = 0; i < 8; ++i) {
    auto at = now_ + std::chrono::milliseconds(i);
    store_->insert(user_, notification(fmt::format("n{}", i)), at, at);
  }
  auto page = store_->list(user_, 0, 20, now_);
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(page.unread_count, 5);
  EXPECT_EQ(page.notifications.front()["id"], "n7");
  EXPECT_EQ(page.notifications.back()["id"], "n3");
  // The dropped ones are gone from the unread set too.
  EXPECT_EQ(store_->mark_read(user_, {"n0", "n1"}, false, now_).updated, 0);
}

TEST_F(NotificationStoreTest, ExpiresNotificationsOlderThanTheRetention) {
  store_->insert(user_, notification("old"), now_, now_);
  auto later_on = now_ + std::chrono::hours(24 * 20);
  store_->insert(user_, notification("new"), later_on, later_on);
  auto later = now_ + std::chrono::hours(24 * 31);
  EXPECT_EQ(store_->open(user_, later).unread_count, 1);
  auto page = store_->list(user_, 0, 20, later);
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.notifications[0]["id"], "new");
  auto ttl = pool_->command({"TTL", fmt::format("notifications:{{{}}}:items", user_)});
  EXPECT_GT(ttl.as_integer(), 24 * 3600 * 29);
}

TEST_F(NotificationStoreTest, ListsInTheOrderEventsHappenedNotTheOrderTheyCame) {
  store_->insert(user_, notification("second"), now_ - 1s, now_);
  store_->insert(user_, notification("first"), now_ - 2s, now_);
  store_->insert(user_, notification("third"), now_ - 500ms, now_);
  auto page = store_->list(user_, 0, 20, now_);
  ASSERT_EQ(page.notifications.size(), 3u);
  EXPECT_EQ(page.notifications[0]["id"], "third");
  EXPECT_EQ(page.notifications[1]["id"], "second");
  EXPECT_EQ(page.notifications[2]["id"], "first");
}

TEST_F(NotificationStoreTest, MarkReadByIdsOrAllAndOnlyTheUsersOwn) {
  for (auto id : {"a", "b", "c"}) store_->insert(user_, notification(id), now_, now_);
  store_->insert(user_ + 1, notification("theirs"), now_, now_);

  auto marked = store_->mark_read(user_, {"a", "theirs", "missing", "a"}, false, now_);
  EXPECT_EQ(marked.updated, 1);
  EXPECT_EQ(marked.unread_count, 2);
  EXPECT_EQ(store_->open(user_ + 1, now_).unread_count, 1);
  auto page = store_->list(user_, 0, 20, now_);
  for (const auto& item : page.notifications) EXPECT_EQ(item["read"], item["id"] == "a");

  auto all = store_->mark_read(user_, {}, true, now_);
  EXPECT_EQ(all.updated, 2);
  EXPECT_EQ(all.unread_count, 0);
  EXPECT_EQ(store_->mark_read(user_, {}, true, now_).updated, 0);
}

TEST_F(NotificationStoreTest, UnreadCountStaysExactUnderConcurrentInsertsAndMarkReads) {
  constexpr int kEvents = 200;
  settings_.max_per_user = 1000;
  NotificationStore store(*pool_, settings_);
  std::atomic<std::int64_t> marked{0};
  std::thread writer([&] {
    for (int i = 0; i < kEvents; ++i)
      store.insert(user_, notification(fmt::format("c{}", i)), now_, now_);
  });
  std::thread reader([&] {
    for (int round = 0; round < 50; ++round) {
      std::vector<std::string> ids;
      for (int i = 0; i < kEvents; i += 3) ids.push_back(fmt::format("c{}", i));
      marked += store.mark_read(user_, ids, false, now_).updated;
    }
  });
  writer.join();
  reader.join();
  marked += store.mark_read(user_, {}, true, now_).updated;
  EXPECT_EQ(marked.load(), kEvents);  // each one went from unread to read exactly once
  EXPECT_EQ(store.open(user_, now_).unread_count, 0);
}

TEST_F(NotificationStoreTest, PublishesNewNotificationsAndCountChanges) {
  std::mutex mutex;
  std::vector<std::string> payloads;
  std::atomic<bool> subscribed{false};
  redis::Subscriber subscriber(
      server_->url(), redis::Subscription{.channels = {settings_.channel},
                                          .patterns = {},
                                          .on_connected = [&] { subscribed = true; },
                                          .on_message =
                                              [&](const std::string&, const std::string& payload) {
                                                std::lock_guard lock(mutex);
                                                payloads.push_back(payload);
                                              }});
  subscriber.start();
  ASSERT_TRUE(redis::testing::eventually([&] { return subscribed.load(); }, 5s));

  store_->insert(user_, notification("p1"), now_, now_);
  store_->insert(user_, notification("p1"), now_, now_);  // duplicate: nothing published
  store_->mark_read(user_, {"p1"}, false, now_);
  store_->mark_read(user_, {"p1"}, false, now_);  // no change: nothing published
  store_->insert(user_, notification("p2"), now_, now_);
  store_->clear(user_);
  ASSERT_TRUE(redis::testing::eventually(
      [&] {
        std::lock_guard lock(mutex);
        return payloads.size() >= 4;
      },
      5s));
  std::this_thread::sleep_for(100ms);
  std::lock_guard lock(mutex);
  ASSERT_EQ(payloads.size(), 4u);
  auto first = nlohmann::json::parse(payloads[0]);
  EXPECT_EQ(first["user_id"], user_);
  EXPECT_EQ(first["unread_count"], 1);
  EXPECT_EQ(first["notification"]["id"], "p1");
  auto second = nlohmann::json::parse(payloads[1]);
  EXPECT_EQ(second["unread_count"], 0);
  EXPECT_FALSE(second.contains("notification"));
  EXPECT_EQ(nlohmann::json::parse(payloads[2])["notification"]["id"], "p2");
  EXPECT_EQ(nlohmann::json::parse(payloads[3])["unread_count"], 0);
  // Each in the user's live stream, in order, published with its place there.
  std::vector<StreamId> seqs;
  for (const auto& payload : payloads) {
    auto message = parse_live_message(payload);
    ASSERT_TRUE(message && message->seq) << payload;
    seqs.push_back(*message->seq);
  }
  EXPECT_TRUE(std::ranges::is_sorted(seqs));
  EXPECT_EQ(std::ranges::adjacent_find(seqs), seqs.end());
  auto replay = store_->replay(user_, StreamId{.ms = seqs[0].ms - 1});
  ASSERT_TRUE(replay.complete);
  EXPECT_EQ(replay.head, seqs.back());
  ASSERT_EQ(replay.messages.size(), 4u);
  for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(replay.messages[i].seq, seqs[i]);
  EXPECT_EQ(nlohmann::json::parse(replay.messages[0].frames.at(0))["id"], "p1");
  EXPECT_EQ(nlohmann::json::parse(replay.messages[0].frames.at(1))["seq"], seqs[0].text());
}

TEST_F(NotificationStoreTest, ReplaysWhatFollowsAPosition) {
  auto opened = store_->open(user_, now_);
  EXPECT_EQ(opened.unread_count, 0);
  auto empty = store_->replay(user_, opened.head);
  EXPECT_TRUE(empty.complete);
  EXPECT_TRUE(empty.messages.empty());

  store_->insert(user_, notification("r1"), now_, now_);
  store_->publish_change({user_, user_ + 1}, R"({"type":"task_changed","task":{"id":5}})");
  store_->insert(user_, notification("r2"), now_, now_);
  auto all = store_->replay(user_, opened.head);
  ASSERT_TRUE(all.complete);
  ASSERT_EQ(all.messages.size(), 3u);
  EXPECT_EQ(nlohmann::json::parse(all.messages[1].frames.at(0))["task"]["id"], 5);
  EXPECT_EQ(store_->open(user_, now_).head, all.head);
  EXPECT_EQ(store_->open(user_, now_).unread_count, 2);

  auto rest = store_->replay(user_, *all.messages[0].seq);
  ASSERT_TRUE(rest.complete);
  ASSERT_EQ(rest.messages.size(), 2u);
  EXPECT_EQ(rest.messages[0].seq, all.messages[1].seq);
  EXPECT_EQ(store_->replay(user_, all.head).messages.size(), 0u);
  // The other member got the change alone.
  EXPECT_EQ(store_->replay(user_ + 1, StreamId{.ms = all.head.ms - 60'000}).messages.size(), 1u);
}

TEST_F(NotificationStoreTest, AReplayItCannotCompleteSaysSo) {
  settings_.replay_limit = 2;
  NotificationStore store(*pool_, settings_);
  auto opened = store.open(user_, now_);
  for (int i = 0; i < 3; ++i) store.insert(user_, notification(fmt::format("l{}", i)), now_, now_);
  auto too_many = store.replay(user_, opened.head);
  EXPECT_FALSE(too_many.complete);
  EXPECT_TRUE(too_many.messages.empty());
  EXPECT_EQ(too_many.head, store.open(user_, now_).head);
  EXPECT_TRUE(store.replay(user_, too_many.head).complete);
  // Older than the window (the stream may have dropped what followed), or never given out.
  EXPECT_FALSE(store.replay(user_, StreamId{.ms = 1}).complete);
  EXPECT_FALSE(store.replay(user_, StreamId{.ms = too_many.head.ms + 1}).complete);
}

TEST_F(NotificationStoreTest, KeepsLiveMessagesForTheReplayWindowOnly) {
  settings_.replay_window = 200ms;
  NotificationStore store(*pool_, settings_);
  store.insert(user_, notification("w1"), now_, now_);
  auto key = fmt::format("notifications:{{{}}}:live", user_);
  auto ttl = pool_->command({"PTTL", key}).as_integer();
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 200);
  EXPECT_TRUE(redis::testing::eventually(
      [&] {
        return pool_->command({"EXISTS", key}).as_integer() == 0;
      },
      5s));
}

TEST_F(NotificationStoreTest, RedisGoneIsDependencyUnavailable) {
  redis::Pool nowhere(fmt::format("redis://127.0.0.1:{}/0", redis::testing::free_port()),
                      redis::PoolOptions{.size = 1});
  NotificationStore store(nowhere, settings_);
  EXPECT_THROW(store.open(user_, now_), DependencyUnavailable);
}
