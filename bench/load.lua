-- wrk script of the benchmarks: `wrk … -s bench/load.lua URL -- MODE PATH [ARGS]`.
--
--   get  PATH                      GET PATH, no cookie (a new visitor each time)
--   sign PATH TOKEN COOKIE TAG     POST the sign form: the CSRF token of the session in
--                                  COOKIE, a unique e-mail (TAG-thread-n@example.org) and
--                                  a unique client address (X-Forwarded-For) per request
--
-- done() prints one JSON line: requests, per-status counts, socket errors, latency.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  mode, path = args[1], args[2]
  statuses = {}
  if mode == "sign" then
    token, cookie, tag = args[3], args[4], args[5]
  end
end

function request()
  if mode ~= "sign" then
    return wrk.format("GET", path)
  end
  counter = counter + 1
  -- <11 + thread>.<n>: a distinct client address for each of 16.7 million requests.
  local n = counter
  local ip = string.format("%d.%d.%d.%d", 11 + id, math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  local body = "csrf_token=" .. urlencode(token)
    .. "&name=" .. urlencode("Bench Signer " .. n)
    .. "&email=" .. urlencode(string.format("%s-%d-%d@example.org", tag, id, n))
    .. "&country=GB&city=London&postcode=&consent=y&source=bench&website="
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
    ["X-Forwarded-For"] = ip,
  }
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do
      total[tostring(status)] = (total[tostring(status)] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format('"%s": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "statuses": {%s}, '
      .. '"socket_errors": %d, "timeouts": %d, "p50_ms": %.2f, "p90_ms": %.2f, '
      .. '"p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    table.concat(parts, ", "), e.connect + e.read + e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
