-- wrk script for scripts/bench/ingest.sh: POSTs fresh events in every request.
--
-- Tollgate deduplicates by (source, id), and the Kong endpoint by request.id, so a benchmark that posted the same
-- body over and over would measure the deduplication, not the ingest. Every event therefore gets an id that is unique
-- per run: IDTAG (8 hex digits, new for every wrk run) .. thread number (4 hex) .. event counter (20 digits), 32
-- characters in all, which is also the shape of Kong's request ids.
--
-- Environment (set by ingest.sh):
--   TEMPLATE    file with one event per line; each line is a variant, used in turn. Placeholders:
--               @@ID@@ unique id, @@SUBJECT@@ subject, @@TIME@@ RFC 3339 time (seconds), @@MS@@ epoch milliseconds
--   EVENTS      events per request
--   ARRAY       1: the body is a JSON array of EVENTS events; 0: a single JSON object (EVENTS must be 1)
--   IDTAG       8 hex digits, unique per wrk run
--   SUBJECT     subject prefix, unique per run and scenario; events are spread over SUBJECTS subjects PREFIX-01.. so
--               that they spread over the topic's partitions like real traffic (the Kafka key is the subject)
--   SUBJECTS    number of subjects (default 16)
--   CT          Content-Type;  AUTH  value of the Authorization header
--   SAMPLE_OUT  optional file: thread 1 writes its first body there, so that `ceilings --http-body` gets the exact
--               bytes that were sent
--
-- Cost per request is kept low: every template variant is compiled once into a Lua function that is a single
-- concatenation expression, the time strings are rebuilt once a second, and the request head is built once per
-- thread. There is no response() hook: wrk counts non-2xx answers itself, and a hook per response costs wrk CPU.

local getenv, format, concat, time, date = os.getenv, string.format, table.concat, os.time, os.date

local function env(name, default)
  local v = getenv(name)
  if v == nil or v == "" then
    if default == nil then error("events.lua: environment variable " .. name .. " is not set") end
    return default
  end
  return v
end

local events = assert(tonumber(env("EVENTS")), "EVENTS must be a number")
local array = env("ARRAY", "1") == "1"
assert(array or events == 1, "ARRAY=0 needs EVENTS=1")
local idtag = env("IDTAG")
assert(#idtag == 8, "IDTAG must be 8 characters")
local nsubjects = assert(tonumber(env("SUBJECTS", "16")), "SUBJECTS must be a number")
local sample_out = getenv("SAMPLE_OUT")
if sample_out == "" then sample_out = nil end

local subjects = {}
for i = 1, nsubjects do subjects[i] = format("%s-%02d", env("SUBJECT"), i) end

-- Compile "lit @@ID@@ lit @@SUBJECT@@ lit" into function(id, subject, time, ms) return "lit" .. id .. ... end
local known = { ID = "id", SUBJECT = "subject", TIME = "time", MS = "ms" }
local function compile(line)
  local code, pos = {}, 1
  while true do
    local s, e, key = line:find("@@(%u+)@@", pos)
    if not s then break end
    assert(known[key], "unknown placeholder @@" .. key .. "@@ in " .. env("TEMPLATE"))
    code[#code + 1] = format("%q", line:sub(pos, s - 1))
    code[#code + 1] = known[key]
    pos = e + 1
  end
  code[#code + 1] = format("%q", line:sub(pos))
  return assert(loadstring("return function(id, subject, time, ms) return " .. concat(code, " .. ") .. " end"))()
end

local render = {}
for line in io.lines(env("TEMPLATE")) do
  if line ~= "" then render[#render + 1] = compile(line) end
end
assert(#render > 0, "no event template in " .. env("TEMPLATE"))
local nvariants = #render

-- Runs in the main state once per thread: number the threads, so that ids are unique across them.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local head, idbase               -- per thread, built in init()
local n, buf, dumped = 0, {}, false
local last_sec, now_time, now_ms = -1, nil, nil

function init(args)
  idbase = idtag .. format("%04x", tid)
  local h = { "POST " .. wrk.path .. " HTTP/1.1\r\n" }
  wrk.headers["Content-Type"] = env("CT")
  wrk.headers["Authorization"] = env("AUTH")
  for k, v in pairs(wrk.headers) do h[#h + 1] = k .. ": " .. v .. "\r\n" end
  h[#h + 1] = "Content-Length: "
  head = concat(h)
end

function request()
  local sec = time()
  if sec ~= last_sec then
    last_sec, now_time, now_ms = sec, date("!%Y-%m-%dT%H:%M:%SZ", sec), format("%.0f", sec * 1000)
  end
  for i = 1, events do
    n = n + 1
    buf[i] = render[n % nvariants + 1](idbase .. format("%020.0f", n), subjects[n % nsubjects + 1], now_time, now_ms)
  end
  local body = array and ("[" .. concat(buf, ",", 1, events) .. "]") or buf[1]
  if sample_out and not dumped and tid == 1 then
    dumped = true
    local f = assert(io.open(sample_out, "wb"))
    f:write(body)
    f:close()
  end
  return head .. #body .. "\r\n\r\n" .. body
end
