-- teams.lua: one GET of the Teams benchmark (bench/teams.sh), the path from the environment.
--   BENCH_TOKEN     the access token
--   BENCH_PATH      the path and query, e.g. /api/tasks/?status=todo&page_size=20; "{id}" in it
--                   is replaced by a random id of BENCH_IDS_FILE on each request
--   BENCH_IDS_FILE  task ids, one a line (the bench user's visible tasks: bench/seed-teams.sql)
--   BENCH_LUA_DIR   this folder (for report.lua; BENCH_DELAY_MS works as for every script)
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/report.lua")

local path = assert(os.getenv("BENCH_PATH"), "BENCH_PATH is not set")
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")

if path:find("{id}", 1, true) then
  local ids = {}
  local file = assert(os.getenv("BENCH_IDS_FILE"), "BENCH_IDS_FILE is not set")
  for line in io.lines(file) do
    if line:match("^%d+$") then ids[#ids + 1] = line end
  end
  assert(#ids > 0, "no ids in BENCH_IDS_FILE")
  -- Each wrk thread has its own Lua state: seed each differently.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
  local before, after = path:match("^(.-){id}(.*)$")
  function request()
    return wrk.format("GET", before .. ids[math.random(#ids)] .. after)
  end
else
  wrk.path = path
end
