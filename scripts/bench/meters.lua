-- wrk script for scripts/bench/meters.sh: loads a fixed number of LLM-usage CloudEvents, then stops.
--
-- Every wrk thread must have exactly one connection (wrk -tN -cN): the response that arrives is then always the answer
-- to the body the thread sent last. That lets a thread (1) resend the same body after a non-2xx answer (same ids, so
-- Tollgate's deduplication by (source, id) makes the retry harmless and every event counts exactly once), (2) add the
-- tokens of a batch to its total only once it was accepted, and (3) stop when its share of the events is accepted.
--
-- wrk calls response() only for answers that carry at least one header (it collects headers into a buffer that it
-- allocates on the first one), and Tollgate's 204 carries none. So each thread first sends GET /q/health/live, whose
-- answer has headers; from then on the buffer exists and response() sees every answer, 204s included.
--
-- Events: type bench-llm, source urn:bench:meters, id IDTAG-<thread>-<counter> (unique per run), a time drawn
-- uniformly from [FROM, TO) (epoch seconds), one of SUBJECTS subjects bench-0001..., and data
-- {model (5 values), region (4), tier (3), tokens (integer 1..2000)}. About 250 bytes per event.
--
-- Environment (set by meters.sh):
--   EVENTS    events to load in all;  THREADS  wrk threads (= connections); each loads its share
--   BATCH     events per request (a JSON array, application/cloudevents-batch+json)
--   SUBJECTS  number of subjects;  FROM, TO  epoch seconds, the event time range
--   IDTAG     8 hex digits, unique per run;  AUTH  value of the Authorization header
--   MARK_DIR  directory: a thread that is done writes "<thread> <events> <tokens> <retries> <gave_up>" to MARK_DIR/<thread>
--             (meters.sh stops wrk once every thread has written its file, and sums the files)
--   MAX_RETRIES  non-2xx answers in a row after which a thread gives up (default 50)
--
-- Cost: the time strings are cached per minute, subjects and the request head are built once, so a thread spends
-- about a microsecond per event.

local getenv, format, concat, date, floor = os.getenv, string.format, table.concat, os.date, math.floor

local function env(name, default)
  local v = getenv(name)
  if v == nil or v == "" then
    if default == nil then error("meters.lua: environment variable " .. name .. " is not set") end
    return default
  end
  return v
end

local total = assert(tonumber(env("EVENTS")), "EVENTS must be a number")
local nthreads = assert(tonumber(env("THREADS")), "THREADS must be a number")
local batch = assert(tonumber(env("BATCH")), "BATCH must be a number")
local nsubjects = assert(tonumber(env("SUBJECTS")), "SUBJECTS must be a number")
local from = assert(tonumber(env("FROM")), "FROM must be a number")
local span = assert(tonumber(env("TO")), "TO must be a number") - from
local idtag = env("IDTAG")
local mark_dir = env("MARK_DIR")
local max_retries = assert(tonumber(env("MAX_RETRIES", "50")), "MAX_RETRIES must be a number")
assert(span > 0, "TO must be after FROM")

local models = { "gpt-4o", "gpt-4o-mini", "claude-sonnet", "llama-3-70b", "mistral-large" }
local regions = { "eu-west-1", "us-east-1", "ap-southeast-2", "eu-central-1" }
local tiers = { "free", "pro", "enterprise" }
local subjects = {}
for i = 1, nsubjects do subjects[i] = format("bench-%04d", i) end
local secs = {}
for s = 0, 59 do secs[s] = format("%02dZ", s) end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local random
local quota, generated, ok_events, ok_tokens, retries, in_a_row = 0, 0, 0, 0, 0, 0
local head, idbase, req, req_events, req_tokens, backoff, prime
local primed = false
local buf, minutes = {}, {}

local function finish(gave_up)
  local f = assert(io.open(mark_dir .. "/" .. tid, "w"))
  f:write(format("%d %d %.0f %d %d\n", tid, ok_events, ok_tokens, retries, gave_up and 1 or 0))
  f:close()
  wrk.thread:stop()
end

function init(args)
  random = math.random
  math.randomseed(tid * 7919 + tonumber(idtag, 16) % 1000003)
  local base, rem = floor(total / nthreads), total % nthreads
  quota = base + (tid <= rem and 1 or 0)
  idbase = idtag .. "-" .. tid .. "-"
  local h = { "POST " .. wrk.path .. " HTTP/1.1\r\n" }
  wrk.headers["Content-Type"] = "application/cloudevents-batch+json"
  wrk.headers["Authorization"] = env("AUTH")
  for k, v in pairs(wrk.headers) do h[#h + 1] = k .. ": " .. v .. "\r\n" end
  h[#h + 1] = "Content-Length: "
  head = concat(h)
  prime = "GET /q/health/live HTTP/1.1\r\nHost: " .. (wrk.headers["Host"] or wrk.host) .. "\r\n\r\n"
end

local function build()
  local k = quota - generated
  if k > batch then k = batch end
  local tokens = 0
  for i = 1, k do
    local n = generated + i
    local t = from + random(0, span - 1)
    local m = floor(t / 60)
    local prefix = minutes[m]
    if not prefix then
      prefix = date("!%Y-%m-%dT%H:%M:", m * 60)
      minutes[m] = prefix
    end
    local tk = random(1, 2000)
    tokens = tokens + tk
    buf[i] = '{"specversion":"1.0","id":"' .. idbase .. n .. '","source":"urn:bench:meters","type":"bench-llm",'
      .. '"subject":"' .. subjects[random(nsubjects)] .. '","time":"' .. prefix .. secs[t - m * 60]
      .. '","data":{"model":"' .. models[random(5)] .. '","region":"' .. regions[random(4)]
      .. '","tier":"' .. tiers[random(3)] .. '","tokens":' .. tk .. '}}'
  end
  generated = generated + k
  req_events, req_tokens = k, tokens
  local body = "[" .. concat(buf, ",", 1, k) .. "]"
  req = head .. #body .. "\r\n\r\n" .. body
end

function request()
  if not primed then return prime end
  if req == nil then build() end
  return req
end

function response(status, headers, body)
  if not primed then   -- the answer to the GET that made wrk allocate its header buffer
    primed = true
    if quota == 0 then finish(false) end
    return
  end
  if status >= 200 and status < 300 then
    ok_events = ok_events + req_events
    ok_tokens = ok_tokens + req_tokens
    req, in_a_row = nil, 0
    if generated >= quota then finish(false) end
  else
    -- Send the same body again after a pause: its ids are the same, so nothing is counted twice.
    retries, in_a_row, backoff = retries + 1, in_a_row + 1, true
    if in_a_row >= max_retries then finish(true) end
  end
end

function delay()
  if backoff then
    backoff = false
    return 250
  end
  return 0
end
