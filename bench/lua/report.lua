-- report.lua: shared by the bench scripts (loaded with dofile). done() prints one line,
--   BENCH_JSON {...}
-- with wrk's summary: requests, duration, errors (status = responses with a status >= 400,
-- as wrk counts them) and latency percentiles in microseconds. bench/run.sh parses it.
--
-- BENCH_DELAY_MS (optional): each connection pauses this long after a response before its next
-- request, so the connections offer a set load (64 connections and 11 ms: about 5,000 req/s)
-- and the latencies are those at that load, not at saturation, where by Little's law the mean
-- is simply connections / throughput.
local pause_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if pause_ms then
  function delay()
    return pause_ms
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"mean":%.1f,"stdev":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.stdev,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
