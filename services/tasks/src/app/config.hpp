#pragma once
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

namespace taskflow::tasks {

struct TasksConfig {
  std::string database_url;
  std::string redis_url;
  std::string amqp_url;
  std::string jwks_url;
  std::string issuer;
  std::filesystem::path data_dir;
  std::filesystem::path attachments_dir;
  std::filesystem::path migrations_dir;
  std::size_t max_upload_bytes;
  std::chrono::seconds due_soon_window;
  std::chrono::seconds due_scan_interval;
  std::chrono::seconds read_cache_ttl;
  std::size_t db_pool_size;
  std::size_t io_pool_size;  // connections the I/O threads run statements on (pg::AsyncPool)
  std::size_t file_threads;

  // Reads and validates every setting; throws ConfigError naming the first bad one.
  static TasksConfig from_env();
};

}  // namespace taskflow::tasks
