#include "app/config.hpp"

#include "taskflow/core/config.hpp"

#ifndef TASKFLOW_TASKS_SOURCE_DIR
#error "TASKFLOW_TASKS_SOURCE_DIR must name services/tasks"
#endif

namespace taskflow::tasks {

TasksConfig TasksConfig::from_env() {
  TasksConfig config;
  config.database_url = Env::required("DATABASE_URL");
  config.redis_url = Env::required("REDIS_URL");
  config.amqp_url = Env::required("AMQP_URL");
  config.jwks_url = Env::required("AUTH_JWKS_URL");
  config.issuer = Env::string("JWT_ISSUER", "taskflow-auth");
  config.data_dir = Env::string("DATA_DIR", "./data");
  config.attachments_dir =
      Env::string("ATTACHMENTS_DIR", (config.data_dir / "attachments").string());
  config.migrations_dir = Env::string("MIGRATIONS_DIR", TASKFLOW_TASKS_SOURCE_DIR "/migrations");
  config.max_upload_bytes = static_cast<std::size_t>(
      Env::integer("MAX_UPLOAD_BYTES", 10 * 1024 * 1024, 1, 1024LL * 1024 * 1024));
  config.due_soon_window = Env::seconds("DUE_SOON_WINDOW", std::chrono::hours(24),
                                        std::chrono::seconds(60), std::chrono::hours(24 * 365));
  config.due_scan_interval = Env::seconds("DUE_SCAN_INTERVAL", std::chrono::seconds(30),
                                          std::chrono::seconds(1), std::chrono::hours(24));
  config.read_cache_ttl = Env::seconds("READ_CACHE_TTL", std::chrono::seconds(60),
                                       std::chrono::seconds(0), std::chrono::hours(1));
  config.db_pool_size = static_cast<std::size_t>(Env::integer("DB_POOL_SIZE", 16, 1, 256));
  config.io_pool_size = static_cast<std::size_t>(Env::integer("DB_IO_POOL_SIZE", 8, 1, 256));
  config.file_threads = static_cast<std::size_t>(Env::integer("FILE_THREADS", 2, 1, 64));
  return config;
}

}  // namespace taskflow::tasks
