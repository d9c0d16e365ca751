#pragma once

#include "app/task_service.hpp"
#include "taskflow/http/router.hpp"

namespace taskflow::tasks {

// Registers the tasks routes of docs/openapi.yaml; every one requires authentication. Handlers
// parse the request, call one use case of TaskService and write its result.
void add_task_routes(http::Router& router, const TasksConfig& config, TaskService& tasks);

}  // namespace taskflow::tasks
