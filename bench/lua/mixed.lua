-- mixed.lua: a mixed load across the three services, for the faults-under-load runs
-- (tests/support/load.py). Run with as many connections as threads (wrk -t N -c N): each thread
-- then has one connection, so its responses arrive in the order of its requests and each can be
-- told which request it answers.
--   BENCH_USERS_FILE   one user a line: "<user id> <access token>"
--   BENCH_RESULT_FILE  where done() writes the outcome as JSON: responses by status, wrk's
--                      socket errors, and each created task as [task id, user id]
--
-- Each connection cycles through: create a task, read it, list, change its status, read stats,
-- read the profile (auth), list notifications (notifications). A write per request in three.
-- (report.lua for BENCH_DELAY_MS; done() below replaces its own)
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/report.lua")

local users = {}
local users_file = assert(os.getenv("BENCH_USERS_FILE"), "BENCH_USERS_FILE is not set")
for line in io.lines(users_file) do
  local id, token = line:match("^(%d+)%s+(%S+)$")
  if id then users[#users + 1] = { id = id, auth = "Bearer " .. token } end
end
assert(#users > 0, "no users in BENCH_USERS_FILE")

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_index", thread_count)
  threads[#threads + 1] = thread
end

local steps = { "create", "get", "list", "update", "stats", "profile", "notifications" }
local step = 0
local user = nil
local task_id = nil
local pending = nil
-- Results, as strings: wrk copies only plain values between a thread and done().
statuses = {}
created = {}

function init()
  -- Threads start at different points of the cycle, so the kinds of request stay mixed.
  step = thread_index
  math.randomseed(os.time() * 1000 + thread_index)
  user = users[math.random(#users)]
end

local function headers(extra)
  local h = { ["Authorization"] = user.auth }
  if extra then
    h["Content-Type"] = "application/json"
  end
  return h
end

function request()
  step = step + 1
  pending = steps[(step - 1) % #steps + 1]
  if pending == "create" then
    -- A user at random for each cycle, so that every user of the file gets a share of the writes.
    user = users[math.random(#users)]
    task_id = nil
    return wrk.format("POST", "/api/tasks/", headers(true),
      '{"title":"Under load","priority":"high","due_date":"2030-01-01T00:00:00Z"}')
  elseif (pending == "get" or pending == "update") and not task_id then
    pending = "list"
  end
  if pending == "get" then
    return wrk.format("GET", "/api/tasks/" .. task_id .. "/", headers())
  elseif pending == "update" then
    return wrk.format("PATCH", "/api/tasks/" .. task_id .. "/", headers(true), '{"status":"in_progress"}')
  elseif pending == "list" then
    return wrk.format("GET", "/api/tasks/?page_size=20", headers())
  elseif pending == "stats" then
    return wrk.format("GET", "/api/tasks/stats/", headers())
  elseif pending == "profile" then
    return wrk.format("GET", "/api/auth/profile/", headers())
  end
  return wrk.format("GET", "/api/notifications/?limit=5", headers())
end

function response(status, _, body)
  local key = pending .. " " .. status
  statuses[key] = (statuses[key] or 0) + 1
  if pending == "create" and status == 201 then
    -- The task's own id: the last top-level "id" member (nested objects come before it in the
    -- services' sorted JSON only as "assignees"/"labels", which are empty for a new task).
    task_id = body:match('"id"%s*:%s*(%d+)')
    created[#created + 1] = task_id .. ":" .. user.id
  end
end

function done(summary, latency, requests)
  local totals, by_status, tasks = {}, {}, {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("statuses")) do
      totals[key] = (totals[key] or 0) + count
    end
    for _, pair in ipairs(thread:get("created")) do
      local id, owner = pair:match("^(%d+):(%d+)$")
      tasks[#tasks + 1] = string.format("[%s,%s]", id, owner)
    end
  end
  for key, count in pairs(totals) do
    by_status[#by_status + 1] = string.format('"%s":%d', key, count)
  end
  local e = summary.errors
  local result_file = assert(os.getenv("BENCH_RESULT_FILE"), "BENCH_RESULT_FILE is not set")
  local file = assert(io.open(result_file, "w"))
  file:write(string.format(
    '{"requests":%d,"duration_us":%d,"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"responses":{%s},"created":[%s],"latency_us":{"p50":%d,"p99":%d,"max":%d}}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout,
    table.concat(by_status, ","), table.concat(tasks, ","),
    latency:percentile(50), latency:percentile(99), latency.max))
  file:close()
end
