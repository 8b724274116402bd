-- wrk script for the `webhook` scenario: async requests of 1,000 clients per thread; with BENCH_RATE set, each
-- connection paces itself so that all of them together send about BENCH_RATE requests a second.
local token = os.getenv("BENCH_TOKEN")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "64")
local counter = 0
local n = 0

function setup(thread)
   thread:set("tid", counter)
   counter = counter + 1
end

function delay()
   if rate > 0 then
      return math.floor(1000 * connections / rate)
   end
   return 0
end

function request()
   n = n + 1
   local body = '{"clientId":"a' .. tid .. '-' .. (n % 1000) .. '","query":"hello"}'
   return wrk.format("POST", "/chatapi/" .. token .. "/async", {["Content-Type"] = "application/json"}, body)
end
