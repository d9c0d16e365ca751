#pragma once
#include <stdexcept>
#include <string>

namespace taskflow {

// A dependency (PostgreSQL, Redis, RabbitMQ, the auth service) could not be reached in time.
// The HTTP layer turns it into a 503 naming the dependency.
class DependencyUnavailable : public std::runtime_error {
 public:
  DependencyUnavailable(std::string dependency, const std::string& reason)
      : std::runtime_error(dependency + " unavailable: " + reason),
        dependency_(std::move(dependency)) {}
  const std::string& dependency() const noexcept { return dependency_; }

 private:
  std::string dependency_;
};

}  // namespace taskflow
