-- wrk script for `manage.py bench --load` (loadtest/bench/load.py): requests the benchmark's
-- timeline, fragment, search and deep-page URLs in turn, then prints one line
-- "JSON {...}" with the totals, errors and latency percentiles for load.py to read.
-- load.py puts the URLs in front of this file before handing the whole to wrk:
--   local paths = {"/", "/?q=ministry", ...}  -- requested in turn
--   local headers = {false, true, ...}        -- true: send HX-Request (an HTMX fragment)
local n = 0
request = function()
  n = n + 1
  local i = (n % #paths) + 1
  local h = {}
  if headers[i] then h["HX-Request"] = "true" end
  return wrk.format("GET", paths[i], h)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("JSON {\"requests\": %d, \"seconds\": %.3f, \"non2xx\": %d, " ..
    "\"connect\": %d, \"read\": %d, \"write\": %d, \"timeout\": %d, " ..
    "\"p50_ms\": %.2f, \"p95_ms\": %.2f, \"p99_ms\": %.2f}\n",
    summary.requests, summary.duration / 1e6, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
