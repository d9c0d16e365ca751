// The tasks service: wires configuration, storage, authentication and the routes.

#include "app/api.hpp"
#include "app/attachment_files.hpp"
#include "app/config.hpp"
#include "app/due_date_scheduler.hpp"
#include "app/project_api.hpp"
#include "app/user_directory_feed.hpp"
#include "taskflow/amqp/topology.hpp"
#include "taskflow/authn/token_verification.hpp"
#include "taskflow/core/config.hpp"
#include "taskflow/core/errors.hpp"
#include "taskflow/core/log.hpp"
#include "taskflow/core/service_main.hpp"
#include "taskflow/http/server.hpp"
#include "taskflow/outbox/relay.hpp"
#include "taskflow/pg/migrate.hpp"

using namespace taskflow;

namespace {

int run() {
  auto config = tasks::TasksConfig::from_env();
  auto server_options = http::ServerOptions::from_env("tasks", 8002);
  auto applied = pg::migrate_when_reachable(config.database_url, config.migrations_dir);
  log::info("migrations done", {{"applied", applied}});

  BlockingPool db_calls(config.db_pool_size);
  BlockingPool file_calls(config.file_threads);
  pg::Database db(db_calls, config.database_url, pg::PoolOptions{.size = config.db_pool_size});
  // The I/O thread's statements (a task, a page of a list, a create) are each one user's rows
  // through an index whatever the parameters, so their generic plan is the right one and
  // re-planning every execution would be wasted work. Searches stay on `db`, planned for their
  // patterns (one EXPLAIN ANALYZE: 3.9 ms with the generic plan, 2.6 ms with a custom one).
  pg::AsyncPool io_db(
      db_calls, config.database_url,
      pg::AsyncPoolOptions{.size = config.io_pool_size, .connection = {.generic_plans = true}});
  tasks::AttachmentFiles files(config.attachments_dir);
  // Short timeouts: the cache is an optimisation, and a slow Redis must not slow requests down.
  redis::Pool cache_redis(config.redis_url,
                          redis::PoolOptions{.size = config.db_pool_size,
                                             .connect_timeout = std::chrono::milliseconds(200),
                                             .command_timeout = std::chrono::milliseconds(200),
                                             .checkout_timeout = std::chrono::milliseconds(200)});
  redis::AsyncPool io_redis(
      config.redis_url,
      redis::AsyncPoolOptions{.size = config.io_pool_size,
                              .connect_timeout = std::chrono::milliseconds(200),
                              .command_timeout = std::chrono::milliseconds(200),
                              .checkout_timeout = std::chrono::milliseconds(200)});
  tasks::ReadCache reads(io_redis, cache_redis, config.read_cache_ttl);
  // The notifications queue too, not only the exchange: events published before the
  // notifications service first declares it would be dropped.
  outbox::Relay relay(
      outbox::RelayOptions{.database_url = config.database_url,
                           .amqp_url = config.amqp_url,
                           .declare_queues = amqp::topology::declare_notifications_queue});
  relay.start();
  tasks::DueDateScheduler reminders(
      tasks::DueDateSchedulerOptions{.database_url = config.database_url,
                                     .due_soon_window = config.due_soon_window,
                                     .scan_interval = config.due_scan_interval});
  reminders.start();

  authn::TokenVerification tokens(
      {.redis_url = config.redis_url, .verify = {.issuer = config.issuer}}, config.jwks_url);

  http::Router router;
  http::Metrics metrics;
  const tasks::TasksDeps deps{config, db, io_db, reads, files, file_calls};
  tasks::TaskService task_service(deps);
  tasks::add_task_routes(router, config, task_service);
  tasks::add_project_routes(router, deps, task_service);
  relay.add_metrics(metrics);
  tasks::UserDirectoryFeed users(
      tasks::UserDirectoryFeedOptions{
          .amqp_url = config.amqp_url,
          .database_url = config.database_url,
          .connection_name = Env::string("SERVICE_INSTANCE", "tasks") + " user directory"},
      metrics);
  metrics.gauge("tasks_user_directory_consumer_connected", "1 while consuming user events.",
                [&users] { return users.consuming() ? 1.0 : 0.0; });
  http::Server server(server_options, router, metrics);
  server.add_readiness_check("postgres", [&db] { return db.ping(); });
  server.add_readiness_check("read cache invalidations", [&reads]() -> Awaitable<bool> {
    co_return reads.invalidations_done();
  });
  tokens.install(server);
  users.start();

  server.run();
  users.stop();
  io_db.close();
  io_redis.close();
  reminders.stop();
  relay.stop();
  db_calls.stop();
  file_calls.stop();
  return 0;
}

}  // namespace

int main() {
  return service_main("tasks", run);
}
