-- task-get.lua: GET /api/tasks/{id}/ of a random task of the bench user (with its comments and
-- attachments). BENCH_TASK_FIRST..BENCH_TASK_LAST: the seeded ids (bench/seed-tasks.sql).
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/report.lua")

local token = assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")
local first = assert(tonumber(os.getenv("BENCH_TASK_FIRST")), "BENCH_TASK_FIRST is not set")
local last = assert(tonumber(os.getenv("BENCH_TASK_LAST")), "BENCH_TASK_LAST is not set")

wrk.headers["Authorization"] = "Bearer " .. token

function request()
  return wrk.format("GET", "/api/tasks/" .. math.random(first, last) .. "/")
end
