-- task-search.lua: case-insensitive search in the bench user's titles and descriptions.
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/report.lua")
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")
wrk.path = "/api/tasks/?search=Quarterly&page_size=20"
