#pragma once

#include "app/task_service.hpp"
#include "taskflow/http/router.hpp"

namespace taskflow::tasks {

// Registers the tasks routes of docs/openapi.yaml; every one requires authentication. Handlers
// parse the request, call one use case of TaskService and write its result.
void add_task_routes(http::Router& router, const TasksConfig& config, TaskService& tasks);

// A handler's response, with the use cases' refusals answered: Forbidden as 403 with its
// detail, Conflict as 409 with its detail, UnknownProject as 400 under project_id.
Awaitable<http::Response> answer_refusals(Awaitable<http::Response> handled);

}  // namespace taskflow::tasks
