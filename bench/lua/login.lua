-- login.lua: POST /api/auth/login/ with a pre-registered user's right password.
--   BENCH_EMAIL, BENCH_PASSWORD  the account (bench/run.sh registers one)
--   BENCH_LUA_DIR                this folder (for report.lua)
-- Only failed logins are throttled, so this measures the real cost of a login (an Argon2id
-- verification plus a token pair).
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/report.lua")

local email = assert(os.getenv("BENCH_EMAIL"), "BENCH_EMAIL is not set")
local password = assert(os.getenv("BENCH_PASSWORD"), "BENCH_PASSWORD is not set")

-- JSON string escaping for the two values (quotes and backslashes; no control characters).
local function quote(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

wrk.method = "POST"
wrk.path = "/api/auth/login/"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":' .. quote(email) .. ',"password":' .. quote(password) .. '}'
