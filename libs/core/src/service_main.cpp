#include "taskflow/core/service_main.hpp"

#include <csignal>
#include <cstdio>
#include <string>

#include "taskflow/core/config.hpp"
#include "taskflow/core/log.hpp"

namespace taskflow {

int service_main(std::string_view service, const std::function<int()>& run) {
  std::signal(SIGPIPE, SIG_IGN);
  log::init(service, Env::string("SERVICE_INSTANCE", ""), Env::string("LOG_LEVEL", "info"));
  try {
    return run();
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    log::error("fatal", {{"error", e.what()}});
    std::fprintf(stderr, "%s: %s\n", std::string(service).c_str(), e.what());
    return 1;
  }
}

}  // namespace taskflow
