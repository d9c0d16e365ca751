-- task-stats.lua: the seven counters over the bench user's 10,000 tasks.
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/report.lua")
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")
wrk.path = "/api/tasks/stats/"
