-- profile.lua: GET /api/auth/profile/ with an access token (signature check, revocation
-- list, one user lookup).
--   BENCH_TOKEN    the access token (bench/run.sh logs in to get one)
--   BENCH_LUA_DIR  this folder (for report.lua)
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/report.lua")

local token = assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")

wrk.method = "GET"
wrk.path = "/api/auth/profile/"
wrk.headers["Authorization"] = "Bearer " .. token
