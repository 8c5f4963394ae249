-- wrk script for the LSP Portal benchmark (bench/run.py sets everything through the environment).
--
--   BENCH_METHOD      GET (default) or POST
--   BENCH_COOKIE      Cookie header (a signed-in session, the CSRF cookie)
--   BENCH_BODY_FILE   POST body, urlencoded; return mode replaces "__VERSION__", "__N__" and "__VALUE__"
--   BENCH_VALUES      return mode: two figures "a,b" the changed value alternates between
--   BENCH_MODE        "page" (default), "comment" or "return"
--   BENCH_VERSION     return mode: the return's version when the run starts
--   BENCH_OK          statuses that count as success (default "200")
--   BENCH_REFUSED     statuses that are refusals by design, counted apart (e.g. "400" for a stale save)
--
-- Return mode keeps the return's version: every save that succeeds (302 back to the edit
-- form) raises it by one, exactly as the portal does; a stale save is refused with 400 and
-- the page it answers carries the current version, which is read back so the next request
-- is fresh. With one connection no save is ever stale; with several, refusals are counted.
--
-- done() prints one line "BENCH_JSON {...}" that bench/run.py reads.

local method = os.getenv("BENCH_METHOD") or "GET"
local cookie = os.getenv("BENCH_COOKIE") or ""
local mode = os.getenv("BENCH_MODE") or "page"
local body_template = nil
local body_file = os.getenv("BENCH_BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  body_template = f:read("*a")
  f:close()
end

local function set_of(text)
  local set = {}
  for code in string.gmatch(text or "", "%d+") do set[tonumber(code)] = true end
  return set
end
local ok_statuses = set_of(os.getenv("BENCH_OK") or "200")
local refused_statuses = set_of(os.getenv("BENCH_REFUSED") or "")

local values = {}
for value in string.gmatch(os.getenv("BENCH_VALUES") or "1,2", "[^,]+") do table.insert(values, value) end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  ok = 0
  refused = 0
  failed = 0
  saves = 0
  resyncs = 0
  version = tonumber(os.getenv("BENCH_VERSION") or "0")
  n = 0
  wrk.method = method
  wrk.headers["Cookie"] = cookie ~= "" and cookie or nil
  if method == "POST" then
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  if body_template and mode ~= "return" then
    wrk.body = body_template
  end
end

function request()
  if mode == "return" then
    n = n + 1
    local value = values[(n % #values) + 1]
    local body = body_template:gsub("__VERSION__", tostring(version)):gsub("__N__", tostring(n)):gsub("__VALUE__", value)
    return wrk.format(nil, nil, nil, body)
  end
  return wrk.format()
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if mode == "return" then
    local location = headers["Location"] or headers["location"] or ""
    if status == 302 and string.find(location, "/edit/", 1, true) then
      saves = saves + 1
      version = version + 1
      ok = ok + 1
      return
    elseif status == 400 and body and string.find(body, "saved this return at", 1, true) then
      -- Stale: someone saved since this form was read. Refused by design; read the new version.
      refused = refused + 1
      local current = string.match(body, 'name="version" value="(%d+)"')
        or string.match(body, 'value="(%d+)" name="version"')
      if current then
        version = math.max(version, tonumber(current))
        resyncs = resyncs + 1
      end
      return
    end
  elseif ok_statuses[status] then
    ok = ok + 1
    return
  end
  if refused_statuses[status] then
    refused = refused + 1
  elseif not ok_statuses[status] then
    failed = failed + 1
  end
end

local function json_value(v)
  if type(v) == "table" then
    local parts = {}
    for k, item in pairs(v) do
      table.insert(parts, string.format("%q:%s", tostring(k), json_value(item)))
    end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif type(v) == "string" then
    return string.format("%q", v)
  end
  return tostring(v)
end

function done(summary, latency, requests)
  local totals = { ok = 0, refused = 0, failed = 0, saves = 0, resyncs = 0 }
  local statuses_all = {}
  for _, thread in ipairs(threads) do
    for _, name in ipairs({ "ok", "refused", "failed", "saves", "resyncs" }) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
    for code, count in pairs(thread:get("statuses") or {}) do
      statuses_all[code] = (statuses_all[code] or 0) + count
    end
  end
  local out = {
    requests = summary.requests,
    duration_us = summary.duration,
    bytes = summary.bytes,
    errors = {
      connect = summary.errors.connect,
      read = summary.errors.read,
      write = summary.errors.write,
      status = summary.errors.status,
      timeout = summary.errors.timeout,
    },
    latency_us = {
      min = latency.min,
      mean = latency.mean,
      stdev = latency.stdev,
      max = latency.max,
      p50 = latency:percentile(50),
      p90 = latency:percentile(90),
      p95 = latency:percentile(95),
      p99 = latency:percentile(99),
    },
    statuses = statuses_all,
    ok = totals.ok,
    refused = totals.refused,
    failed = totals.failed,
    saves = totals.saves,
    resyncs = totals.resyncs,
  }
  io.write("BENCH_JSON " .. json_value(out) .. "\n")
end
