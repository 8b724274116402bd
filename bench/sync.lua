-- wrk script for the `sync` scenario: every request is a synchronous turn of one of CLIENTS distinct
-- clients; each client walks "hello" -> "Order" (button with goto) -> "blah blah" (fallback) and round again.
-- Request n of a wrk thread goes to client (n mod per-thread clients) with step (n div per-thread clients) mod 3,
-- so a client's next turn is sent only after every other client of the thread had one (no two turns of a
-- client in flight at once, turns in order). Set by run.sh through the environment:
--   BENCH_TOKEN   channel token (required)
--   BENCH_CLIENTS distinct clients across all threads (default 1000)
--   BENCH_THREADS wrk threads (-t), so the threads split the clients without overlap (default 2)
--   BENCH_PREFIX  client id prefix (default "c")
--   BENCH_OUT     file that done() writes the summary to (key=value lines)
local token = os.getenv("BENCH_TOKEN")
local clients = tonumber(os.getenv("BENCH_CLIENTS") or "1000")
local prefix = os.getenv("BENCH_PREFIX") or "c"
local out = os.getenv("BENCH_OUT")
local queries = {"hello", "Order", "blah blah"}

local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")   -- must equal wrk -t
local counter = 0

function setup(thread)
   thread:set("tid", counter)   -- thread t owns client ids t, t+T, t+2T, ... (T = nthreads)
   counter = counter + 1
end

local n, per, path, headers

function init(args)
   n = 0
   per = math.floor(clients / nthreads)
   path = "/chatapi/" .. token
   headers = {["Content-Type"] = "application/json"}
end

function request()
   local idx = n % per
   local step = math.floor(n / per) % 3
   n = n + 1
   local id = prefix .. (idx * nthreads + tid)
   local body = '{"clientId":"' .. id .. '","query":"' .. queries[step + 1] .. '"}'
   return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
   local s = summary
   local secs = s.duration / 1e6
   local errs = s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout
   local lines = {
      string.format("requests=%d", s.requests),
      string.format("duration_s=%.3f", secs),
      string.format("rps=%.1f", s.requests / secs),
      string.format("non2xx=%d", s.errors.status),
      string.format("socket_errors=%d", errs),
      string.format("lat_mean_ms=%.3f", latency.mean / 1000),
      string.format("lat_p50_ms=%.3f", latency:percentile(50) / 1000),
      string.format("lat_p90_ms=%.3f", latency:percentile(90) / 1000),
      string.format("lat_p99_ms=%.3f", latency:percentile(99) / 1000),
      string.format("lat_p999_ms=%.3f", latency:percentile(99.9) / 1000),
      string.format("lat_max_ms=%.3f", latency.max / 1000),
   }
   local text = table.concat(lines, "\n") .. "\n"
   io.write(text)
   if out then
      local f = io.open(out, "w")
      f:write(text)
      f:close()
   end
end
