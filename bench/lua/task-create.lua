-- task-create.lua: POST /api/tasks/ (one row and its outbox event in one transaction).
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/report.lua")
wrk.method = "POST"
wrk.path = "/api/tasks/"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title": "Benchmark task", "priority": "high", "due_date": "2030-01-01T00:00:00Z"}'
