#pragma once
#include <functional>
#include <string_view>

namespace taskflow {

// The body of every service's main(): ignores SIGPIPE (hiredis and rabbitmq-c write with
// write(), and a vanished peer must not kill the process), starts the JSON log, runs `run`, and
// turns a ConfigError into one line on stderr and exit code 2, any other failure into exit 1.
int service_main(std::string_view service, const std::function<int()>& run);

}  // namespace taskflow
