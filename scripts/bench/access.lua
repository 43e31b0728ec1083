-- wrk script for scripts/bench/access.sh: each request checks the next (subject, feature) of PATHS, in turn per
-- thread, so that the closed-loop figure covers the whole view rather than one hot entry.
-- Environment: PATHS (file of request paths, one per line), AUTH (value of the Authorization header).
local paths, auth = {}, os.getenv("AUTH")
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local i, n = 0, #paths
local headers = { ["Authorization"] = auth }

function setup(thread)
  thread:set("offset", math.random(n))
end

function init()
  i = tonumber(offset) or 0
end

function request()
  i = i % n + 1
  return wrk.format("GET", paths[i], headers)
end
