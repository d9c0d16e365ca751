#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/live_message.hpp"
#include "taskflow/redis/pool.hpp"

namespace taskflow::notifications {

struct StoreSettings {
  std::size_t max_per_user = 100;
  std::chrono::milliseconds retention = std::chrono::hours(24 * 30);
  // How many of a user's most recent event ids are remembered, so that a redelivered event
  // makes no second notification. Bounded by count as well as by the retention window: a busy
  // user's ids would otherwise fill Redis for a month. Redeliveries come within minutes.
  std::size_t remembered_events = 1000;
  // Where every change a user's sockets should hear about is published.
  std::string channel = "notifications:live";
  // How long each live message is kept for sockets that resume (reconnect) after missing it,
  // and at most how many one resume replays (beyond: the client is told to reload).
  std::chrono::milliseconds replay_window = std::chrono::minutes(10);
  std::size_t replay_limit = 1000;
};

// Each user's notifications in Redis: the newest `max_per_user`, each kept for `retention`,
// with read state. Every operation is one Lua script, so the unread count stays exact while
// new events and mark-reads race, and storing a notification, remembering its event id and
// announcing it on the channel happen together or not at all.
//
// Keys per user (hash-tagged on the user, so a cluster keeps them in one slot):
//   notifications:{<user>}:index   sorted set of ids by creation time (µs)
//   notifications:{<user>}:items   hash id -> the notification as JSON (read: false)
//   notifications:{<user>}:unread  set of unread ids
//   notifications:{<user>}:events  sorted set of the event ids seen in the retention window
//                                  (the newest `remembered_events`), by arrival time (ms)
//   notifications:{<user>}:live    stream of the live messages of the last `replay_window`
//                                  (each published with its id, "seq"; see live_message.hpp)
//
// Blocking: call it from a BlockingPool or a thread of its own. Redis unreachable is
// DependencyUnavailable; an error reply is std::runtime_error.
class NotificationStore {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  NotificationStore(redis::Pool& redis, StoreSettings settings);

  struct Inserted {
    bool stored = false;  // false: the event was seen before (a redelivery)
    std::int64_t unread_count = 0;
  };
  // Stores the notification (its id is its event's) unless that event was stored before, and
  // publishes it with the new unread count. Notifications are ordered by `created`, so events
  // consumed out of order by several instances still list in the order they happened.
  Inserted insert(std::int64_t user_id, const nlohmann::json& notification, TimePoint created,
                  TimePoint now);

  struct Page {
    std::vector<nlohmann::json> notifications;  // newest first, with "read" set
    std::int64_t total = 0;
    std::int64_t unread_count = 0;
  };
  Page list(std::int64_t user_id, std::size_t offset, std::size_t limit, TimePoint now);

  struct Marked {
    std::int64_t updated = 0;  // notifications that went from unread to read
    std::int64_t unread_count = 0;
  };
  // Marks these ids (the user's own; others are ignored) or all of them read.
  Marked mark_read(std::int64_t user_id, const std::vector<std::string>& ids, bool all,
                   TimePoint now);

  // Announces a change to a project's task to its members' sockets, wherever they are (kept in
  // each member's live stream first).
  void publish_change(const std::vector<std::int64_t>& user_ids, const std::string& frame);

  // What a socket opening now starts from: the unread count and the live stream's head.
  struct Opened {
    std::int64_t unread_count = 0;
    StreamId head;
  };
  Opened open(std::int64_t user_id, TimePoint now);

  // The user's live messages after `after` (see LiveReplay).
  LiveReplay replay(std::int64_t user_id, StreamId after);

  // Deletes the user's notifications. Seen event ids are kept, so a redelivered event does not
  // bring a cleared notification back.
  void clear(std::int64_t user_id);

  const StoreSettings& settings() const { return settings_; }

 private:
  std::vector<std::string> keys(std::int64_t user_id) const;
  std::vector<std::string> window_args(TimePoint now) const;

  redis::Pool& redis_;
  StoreSettings settings_;
};

}  // namespace taskflow::notifications
