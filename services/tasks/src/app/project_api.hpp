#pragma once

#include "app/task_service.hpp"
#include "taskflow/http/router.hpp"

namespace taskflow::tasks {

// Registers the projects routes of docs/openapi.yaml (Teams); every one requires
// authentication. Handlers parse the request, call one use case of ProjectService and write
// its result.
void add_project_routes(http::Router& router, TasksDeps deps, TaskService& tasks);

}  // namespace taskflow::tasks
