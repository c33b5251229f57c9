-- wrk script: POSTs one GraphQL request body per request to plangate (or PostGraphile).
--
--   BENCH_BODY        file holding the JSON request body (bench/run.sh writes it)
--   BENCH_KEY         X-API-KEY header (left out when empty: PostGraphile has no keys)
--   BENCH_POPULATION  with {{RANDOM}} in the body: replaced per request by a random integer in
--                     [0, BENCH_POPULATION) (customers pop-0 … pop-N-1: random lookups)
--   BENCH_RUN         with {{UNIQUE}} in the body: replaced per request by BENCH_RUN-thread-n,
--                     unique per request within a run (provisionCustomer makes new customers)
--
-- A body without placeholders is sent as is (no per-request work in wrk). `done` prints one
-- line, RESULT requests=… errors=… rps=… p50_ms=… p99_ms=…; errors counts socket errors,
-- timeouts and non-2xx answers (GraphQL errors are HTTP 200: bench/run.sh counts those in
-- plangate's request log instead).
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY") or ""
if key ~= "" then wrk.headers["X-API-KEY"] = key end

local random = body:find("{{RANDOM}}", 1, true) ~= nil
local unique = body:find("{{UNIQUE}}", 1, true) ~= nil
local population = tonumber(os.getenv("BENCH_POPULATION") or "1")
local run = os.getenv("BENCH_RUN") or "run"
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

if random or unique then
  local counter = 0
  local prefix
  function init(args)
    math.randomseed(os.time() * 1000 + (thread_id or 0))
    prefix = run .. "-" .. tostring(thread_id or 0) .. "-"
  end
  function request()
    local text = body
    if random then
      text = text:gsub("{{RANDOM}}", tostring(math.random(0, population - 1)))
    end
    if unique then
      counter = counter + 1
      text = text:gsub("{{UNIQUE}}", prefix .. tostring(counter))
    end
    return wrk.format(nil, nil, nil, text)
  end
else
  wrk.body = body
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
