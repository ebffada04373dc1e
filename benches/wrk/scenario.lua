-- wrk script for benches/compare.py. One file, several modes (WRK_MODE):
--   plain    a fixed request: WRK_METHOD, WRK_BODY, headers from wrk -H
--   refresh  the refresh-token grant: each response's new refresh token goes back into a
--            queue seeded from WRK_TOKENS (a file, one token per line), so every request
--            rotates a live token; WRK_TOKENS must hold more tokens than connections
--   sso      a signed-in browser's authorization-code flow with PKCE: GET WRK_AUTHORIZE
--            (the session cookie from -H) answers 303 with a code, which the next request
--            exchanges at POST /token (WRK_TOKEN_BODY + code); a flow counts when its token
--            response arrives
-- The summary is one JSON line on stdout, prefixed WRKJSON. WRK_DELAY_MS paces it (below).
local mode = os.getenv("WRK_MODE") or "plain"
local threads = {}

-- WRK_DELAY_MS paces each connection (benches/soak.py): that long between its requests.
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "")
if delay_ms and delay_ms > 0 then
  function delay() return delay_ms end
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, failed = 0, 0
  queue, head, tail = {}, 1, 0
  if mode == "plain" then
    local method, body = os.getenv("WRK_METHOD"), os.getenv("WRK_BODY")
    if method and method ~= "" then wrk.method = method end
    if body and body ~= "" then wrk.body = body end
  elseif mode == "refresh" then
    for line in io.lines(os.getenv("WRK_TOKENS")) do
      tail = tail + 1
      queue[tail] = line
    end
  end
end

local function pop()
  if head > tail then return nil end
  local v = queue[head]
  queue[head] = nil
  head = head + 1
  return v
end

local function push(v)
  tail = tail + 1
  queue[tail] = v
end

-- wrk.format replaces wrk.headers (the -H ones) with the table it is given: copy them.
local function form()
  local headers = {}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return headers
end

function request()
  if mode == "refresh" then
    local token = pop()
    if token == nil then
      failed = failed + 1
      return wrk.format("GET", "/healthz")
    end
    return wrk.format("POST", "/token", form(), "grant_type=refresh_token&refresh_token=" .. token)
  elseif mode == "sso" then
    local code = pop()
    if code ~= nil then
      return wrk.format("POST", "/token", form(), os.getenv("WRK_TOKEN_BODY") .. "&code=" .. code)
    end
    return wrk.format("GET", os.getenv("WRK_AUTHORIZE"))
  end
  return wrk.request()
end

function response(status, headers, body)
  if mode == "plain" then
    return
  elseif mode == "refresh" then
    local token = status == 200 and body:match('"refresh_token":"([^"]+)"')
    if token then
      ok = ok + 1
      push(token)
    else
      failed = failed + 1
    end
  elseif mode == "sso" then
    if status == 302 or status == 303 then
      local location = headers["location"] or headers["Location"] or ""
      local code = location:match("[?&]code=([^&]+)")
      if code then push(code) else failed = failed + 1 end
    elseif status == 200 and body:find('"access_token"', 1, true) then
      ok = ok + 1
    else
      failed = failed + 1
    end
  end
end

function done(summary, latency, requests)
  local flows, failures = 0, 0
  for _, t in ipairs(threads) do
    flows = flows + (t:get("ok") or 0)
    failures = failures + (t:get("failed") or 0)
  end
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '\nWRKJSON {"requests":%d,"seconds":%.3f,"rps":%.1f,' ..
    '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"non2xx":%d,"socket_errors":%d,"flows":%d,"flow_failures":%d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, flows, failures))
end
