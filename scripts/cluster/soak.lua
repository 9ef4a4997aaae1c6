-- wrk script of scripts/cluster-soak.sh: GET the path in WRK_PATH with the tokens of the file in
-- WRK_TOKENS, one after the other, and count the answers that are not 200 (wrk's own "Non-2xx"
-- line counts them too, but not 3xx).
local tokens = {}
for line in io.lines(os.getenv("WRK_TOKENS")) do
  if line ~= "" then tokens[#tokens + 1] = line end
end
local path = os.getenv("WRK_PATH")
local i = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  i = math.random(#tokens)
end

function request()
  i = i % #tokens + 1
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. tokens[i] })
end

function response(status, headers, body)
  if status ~= 200 then
    not200 = (not200 or 0) + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("not200") or 0)
  end
  io.write(string.format("soak: %d requests, %d not 200, errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.requests, total, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
