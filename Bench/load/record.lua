-- Recording under load: every request posts a new flow (its id made of the wrk thread, the
-- process's tag and a counter) of ONE exporter with ?record=true, so that every request takes
-- the ledger's write lock and reads the prior of all before it.
local counter = 0
local tag = os.getenv("XBORDER_TAG") or "w"
local token = os.getenv("XBORDER_TOKEN") or ""
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.path = "/v1/check?record=true&explain=none"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
  recorded = 0
  failed = 0
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"id":"load-%s-%d-%d","date":"2025-03-01","exporter":{"ciio":false,"id":"91310000MA1FL0000X","name":"Example Retail Co."},'
      .. '"recipient":{"country":"DE"},"items":[{"name":"members","class":"personal","individuals":3}]}',
    tag, id, counter)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 200 then recorded = recorded + 1 else failed = failed + 1 end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("recorded")
    bad = bad + thread:get("failed")
  end
  io.write(string.format("recorded %d, refused %d, %.0f records/s\n", ok, bad, ok / (summary.duration / 1e6)))
  io.write(string.format("latency p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
