-- wrk script for the one-client durable commit runs. Every request carries a
-- new counter value, so every request is a real new version / revision.
--
--   wrk -t1 -c1 -d10s -s bench/wrk-commit.lua http://127.0.0.1:P -- lighthouse START
--       PATCH /data/bench  (application/merge-patch+json)  {"n":<counter>}
--   wrk -t1 -c1 -d10s -s bench/wrk-commit.lua http://127.0.0.1:P -- etcd START
--       POST /v3/kv/put    (etcd's JSON gateway)  {"key":b64("bench"),"value":b64("<counter>")}
--
-- START offsets the counter so a second run never repeats the last value of
-- the previous one (a repeated value is not a new version in Lighthouse).

local b64chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function b64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local c1 = math.floor(n / 262144) % 64
    local c2 = math.floor(n / 4096) % 64
    local c3 = math.floor(n / 64) % 64
    local c4 = n % 64
    out[#out + 1] = b64chars:sub(c1 + 1, c1 + 1) .. b64chars:sub(c2 + 1, c2 + 1)
      .. (b and b64chars:sub(c3 + 1, c3 + 1) or "=") .. (c and b64chars:sub(c4 + 1, c4 + 1) or "=")
  end
  return table.concat(out)
end

local mode = "lighthouse"
local counter = 0
local etcd_key = b64("bench")

init = function(args)
  mode = args[1] or "lighthouse"
  counter = tonumber(args[2] or "0") or 0
end

request = function()
  counter = counter + 1
  if mode == "etcd" then
    return wrk.format("POST", "/v3/kv/put", { ["Content-Type"] = "application/json" },
      '{"key":"' .. etcd_key .. '","value":"' .. b64(tostring(counter)) .. '"}')
  end
  return wrk.format("PATCH", "/data/bench", { ["Content-Type"] = "application/merge-patch+json" },
    '{"n":' .. counter .. '}')
end

-- The summary line bench/run parses is defined once, in wrk-report.lua beside this file.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-report.lua")
