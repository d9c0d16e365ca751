#include "taskflow/outbox/relay.hpp"

#include <pqxx/pqxx>

#include "taskflow/amqp/topology.hpp"
#include "taskflow/core/log.hpp"
#include "taskflow/pg/conninfo.hpp"

namespace taskflow::outbox {
namespace {

// "outbox" in ASCII: the advisory lock that elects the relaying instance. Advisory locks are
// per database, so each service's instances elect among themselves.
constexpr std::int64_t kRelayLock = 0x6f7574626f78;
constexpr auto kRetryDelay = std::chrono::seconds(1);

// Notes that a commit wrote outbox rows, whenever libpq hands the notification over: while
// the relay waits for one, or during another statement on the same connection.
class CommitListener final : public pqxx::notification_receiver {
 public:
  explicit CommitListener(pqxx::connection_base& connection)
      : pqxx::notification_receiver(connection, kOutboxChannel) {}
  void operator()(const std::string& /*payload*/, int /*backend_pid*/) override { heard = true; }

  bool heard = false;
};

void await_notification(pqxx::connection_base& connection, std::chrono::milliseconds timeout) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
  connection.await_notification(static_cast<long>(micros / 1000000),
                                static_cast<long>(micros % 1000000));
}

std::string id_array(const std::vector<std::int64_t>& ids) {
  std::string literal = "{";
  for (auto id : ids) {
    if (literal.size() > 1) literal += ',';
    literal += std::to_string(id);
  }
  return literal + '}';
}

}  // namespace

Relay::Relay(RelayOptions options)
    : options_(std::move(options)),
      publisher_(
          options_.amqp_url,
          amqp::PublisherOptions{.connection = {}, .setup = [this](amqp::Connection& connection) {
                                   amqp::topology::declare_events_exchange(connection);
                                   if (options_.declare_queues) {
                                     options_.declare_queues(connection);
                                   }
                                 }}) {}

void Relay::add_metrics(http::Metrics& metrics) const {
  metrics.gauge("outbox_events_published", "Events this instance relayed to RabbitMQ.",
                [this] { return static_cast<double>(published()); });
  metrics.gauge("outbox_relay_leading", "1 while this instance is the one relaying the outbox.",
                [this] { return leading() ? 1.0 : 0.0; });
}

void Relay::run(std::stop_token stop) {
  auto conninfo = pg::build_conninfo(options_.database_url, pg::ConnectionSettings{});
  while (!stop.stop_requested()) {
    try {
      pqxx::connection lock_connection(conninfo);
      lead(stop, lock_connection);
    } catch (const std::exception& e) {
      leading_ = false;
      log::warn("outbox relay interrupted; retrying", {{"error", e.what()}});
      sleep(stop, kRetryDelay);
    }
  }
}

void Relay::lead(std::stop_token stop, pqxx::connection& lock_connection) {
  while (!stop.stop_requested()) {
    pqxx::nontransaction tx(lock_connection);
    if (tx.exec_params("SELECT pg_try_advisory_lock($1)", kRelayLock)[0][0].as<bool>()) break;
    tx.commit();
    sleep(stop, kRetryDelay);  // another instance relays; stand by
  }
  if (stop.stop_requested()) return;
  leading_ = true;
  log::info("outbox relay leading");
  CommitListener commits(lock_connection);
  pqxx::connection connection(pg::build_conninfo(options_.database_url, pg::ConnectionSettings{}));
  auto last_cleanup = std::chrono::steady_clock::now();
  while (!stop.stop_requested()) {
    // Reset before the batch reads the outbox: a commit after that read is heard.
    commits.heard = false;
    auto relayed = relay_batch(connection);
    if (std::chrono::steady_clock::now() - last_cleanup > std::chrono::minutes(1)) {
      delete_old(connection);
      last_cleanup = std::chrono::steady_clock::now();
    }
    {
      // The lock lives as long as its session: a lost connection must end this leadership.
      pqxx::nontransaction check(lock_connection);
      check.exec("SELECT 1");
    }
    if (relayed < 0) {
      sleep(stop, kRetryDelay);
    } else if (static_cast<std::size_t>(relayed) < options_.batch_size && !commits.heard) {
      await_notification(lock_connection, options_.idle_poll);
    }
  }
}

long Relay::relay_batch(pqxx::connection& connection) {
  pqxx::work tx(connection);
  auto rows = tx.exec_params(
      "SELECT id, event_id::text, routing_key, payload::text FROM outbox "
      "WHERE published_at IS NULL ORDER BY id LIMIT $1",
      static_cast<std::int64_t>(options_.batch_size));
  std::vector<amqp::Message> messages;
  std::vector<std::int64_t> ids;
  for (const auto& row : rows) {
    ids.push_back(row[0].as<std::int64_t>());
    messages.push_back(amqp::Message{.exchange = std::string(amqp::topology::kEventsExchange),
                                     .routing_key = row[2].as<std::string>(),
                                     .body = row[3].as<std::string>(),
                                     .message_id = row[1].as<std::string>()});
  }
  // An empty batch still keeps the broker connection alive (heartbeats).
  auto result = publisher_.publish_batch(messages, options_.confirm_timeout);
  // Only the confirmed prefix is marked sent, so a retry resends in order.
  std::size_t confirmed = 0;
  while (confirmed < result.confirmed.size() && result.confirmed[confirmed]) ++confirmed;
  if (confirmed > 0) {
    ids.resize(confirmed);
    tx.exec_params("UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])",
                   id_array(ids));
    tx.commit();
    published_ += confirmed;
  }
  if (!result.all_confirmed()) {
    log::warn("events not confirmed by RabbitMQ; will resend",
              {{"unconfirmed", messages.size() - confirmed}, {"reason", result.failure}});
    return -1;
  }
  return static_cast<long>(confirmed);
}

void Relay::delete_old(pqxx::connection& connection) {
  pqxx::work tx(connection);
  tx.exec_params("DELETE FROM outbox WHERE published_at < now() - make_interval(hours => $1)",
                 static_cast<int>(options_.keep_published.count()));
  tx.commit();
}

}  // namespace taskflow::outbox
