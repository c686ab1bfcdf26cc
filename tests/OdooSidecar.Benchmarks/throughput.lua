-- wrk script of the throughput scenario (see Wrk.cs). Usage:
--   wrk -t T -c C -d Ns --latency -s throughput.lua URL -- REQUEST_BODY_FILE EXPECTED_RESPONSE_FILE
-- Sends the benchmark's XML-RPC call with Python's headers and checks every answer: HTTP 200 and exactly the
-- upstream's body. done() prints one machine-readable WRK_RESULT line (and WRK_FAILURE lines when something failed).

local function slurp(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

local threads = {}

-- Setup phase (the separate environment that later runs done()): keep the threads to read their counters.
function setup(thread)
  table.insert(threads, thread)
end

-- Per thread: wrk builds the request once from the wrk table after init() returns.
ok, non200, bad_body, first_failure = 0, 0, 0, ""
local expected

function init(args)
  wrk.method = "POST"
  wrk.body = slurp(args[1])
  wrk.headers["Content-Type"] = "text/xml"
  wrk.headers["User-Agent"] = "Python-xmlrpc/3.12"
  wrk.headers["Accept-Encoding"] = "gzip"
  expected = slurp(args[2])
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  elseif #body ~= #expected or body ~= expected then
    bad_body = bad_body + 1
  else
    ok = ok + 1
    return
  end

  if first_failure == "" then
    first_failure = "HTTP " .. status .. ", " .. #body .. " bytes: " .. body:sub(1, 300):gsub("%s+", " ")
  end
end

function done(summary, latency, requests)
  local total_ok, total_non200, total_bad_body = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_non200 = total_non200 + thread:get("non200")
    total_bad_body = total_bad_body + thread:get("bad_body")
    local failure = thread:get("first_failure")
    if failure ~= "" then
      io.write("WRK_FAILURE ", failure, "\n")
    end
  end

  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT duration_us=%d requests=%d ok=%d non200=%d bad_body=%d connect=%d read=%d write=%d timeout=%d " ..
    "p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f\n",
    summary.duration, summary.requests, total_ok, total_non200, total_bad_body, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
