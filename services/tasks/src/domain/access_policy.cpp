#include "domain/access_policy.hpp"

namespace taskflow::tasks {

bool authorize(const Caller& caller, [[maybe_unused]] TaskAction action, const Task& task) {
  return task.user_id == caller.user_id;
}

}  // namespace taskflow::tasks
