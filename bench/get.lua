-- wrk script for plain GETs (baseline, history under load): only writes the summary that run.sh reads.
--   BENCH_OUT file that done() writes the summary to (key=value lines)
local out = os.getenv("BENCH_OUT")

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
