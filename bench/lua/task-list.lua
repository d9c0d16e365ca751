-- task-list.lua: a filtered page of 20 of the bench user's 10,000 tasks, newest first.
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/report.lua")
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")
wrk.path = "/api/tasks/?status=todo&page_size=20&ordering=-created_at"
