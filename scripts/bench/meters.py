#!/usr/bin/env python3
"""Helpers for scripts/bench/meters.sh (Python 3 standard library only).

  meters.py steady --base URL --rate R --batch B --subjects S --tag TAG --out FILE
      Paced background load: a batch of B bench-llm events every B/R seconds (R events/s) over one keep-alive
      connection, event time = now, subjects bench-0001.., ids TAG-steady-<n>. Runs until SIGTERM/SIGINT, then writes
      one line to FILE: "<seconds> <events accepted> <requests> <non-2xx> <errors> <late sends>".
  meters.py probe --base URL --count N --poll-ms P --timeout S --tag TAG --out FILE [--jitter-ms J]
      Event-to-visible latency: N times, POST one event with a new subject (probe-TAG-<i>, time = now), then poll
      GET /api/v1/meters/bench_tokens/query?subject=<it> every P ms until its value shows; FILE gets one line per
      probe, "<i> <ms from POST start to first visible> <polls>", or "<i> timeout <polls>". Between probes it sleeps a
      random 0..J ms, so that the probes fall on every phase of the aggregator's 1 s flush.

The API key comes from the environment (BENCH_KEY), never from the command line. Progress goes to stderr.
"""
import argparse
import http.client
import json
import os
import random
import signal
import sys
import time
import urllib.parse

METER = "bench_tokens"
MODELS = ["gpt-4o", "gpt-4o-mini", "claude-sonnet", "llama-3-70b", "mistral-large"]
REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2", "eu-central-1"]
TIERS = ["free", "pro", "enterprise"]


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % int((t % 1) * 1000)


def event(eid, subject, t, tokens):
    return ('{"specversion":"1.0","id":"%s","source":"urn:bench:meters","type":"bench-llm","subject":"%s",'
            '"time":"%s","data":{"model":"%s","region":"%s","tier":"%s","tokens":%d}}'
            % (eid, subject, rfc3339(t), random.choice(MODELS), random.choice(REGIONS), random.choice(TIERS), tokens))


class Client:
    """One keep-alive HTTP/1.1 connection that reconnects after an error."""

    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port or 80
        self.auth = "Bearer " + os.environ["BENCH_KEY"]
        self.conn = None

    def call(self, method, path, body=None, ctype=None):
        headers = {"Authorization": self.auth}
        if ctype:
            headers["Content-Type"] = ctype
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                return r.status, data
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def steady(a):
    client = Client(a.base)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    interval = a.batch / a.rate
    n = accepted = requests = non2xx = errors = late = 0
    start = time.monotonic()
    nxt = start
    while not stop:
        now = time.time()
        batch = []
        for _ in range(a.batch):
            n += 1
            batch.append(event("%s-steady-%d" % (a.tag, n), "bench-%04d" % random.randint(1, a.subjects), now,
                               random.randint(1, 2000)))
        body = ("[" + ",".join(batch) + "]").encode()
        try:
            status, _ = client.call("POST", "/api/v1/events", body, "application/cloudevents-batch+json")
            requests += 1
            if 200 <= status < 300:
                accepted += a.batch
            else:
                non2xx += 1
        except (OSError, http.client.HTTPException):
            errors += 1
        nxt += interval
        pause = nxt - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        elif pause < -1:   # more than a second behind: do not try to catch up in a burst
            late += 1
            nxt = time.monotonic()
    secs = time.monotonic() - start
    with open(a.out, "w") as f:
        f.write("%.3f %d %d %d %d %d\n" % (secs, accepted, requests, non2xx, errors, late))


def probe(a):
    client = Client(a.base)
    # A second connection for the polls, so that a POST and the polls after it never queue behind each other.
    poller = Client(a.base)
    poll = a.poll_ms / 1000.0
    with open(a.out, "w") as f:
        for i in range(1, a.count + 1):
            time.sleep(random.uniform(0, a.jitter_ms / 1000.0))
            subject = "probe-%s-%04d" % (a.tag, i)
            path = "/api/v1/meters/%s/query?subject=%s" % (METER, urllib.parse.quote(subject))
            t0 = time.monotonic()
            body = ("[" + event("%s-probe-%d" % (a.tag, i), subject, time.time(), 7) + "]").encode()
            status, data = client.call("POST", "/api/v1/events", body, "application/cloudevents-batch+json")
            if not 200 <= status < 300:
                print("meters.py probe: POST answered %d: %s" % (status, data[:300]), file=sys.stderr)
                sys.exit(1)
            polls = 0
            seen = None
            while True:
                status, data = poller.call("GET", path)
                polls += 1
                if status != 200:
                    print("meters.py probe: query answered %d: %s" % (status, data[:300]), file=sys.stderr)
                    sys.exit(1)
                rows = json.loads(data).get("data") or []
                if any(float(r.get("value") or 0) >= 7 for r in rows):
                    seen = (time.monotonic() - t0) * 1000
                    break
                if time.monotonic() - t0 > a.timeout:
                    break
                time.sleep(poll)
            f.write("%d %s %d\n" % (i, "%.1f" % seen if seen is not None else "timeout", polls))
            f.flush()
            if i % 20 == 0 or i == a.count:
                print("[probe] %d/%d done" % (i, a.count), file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("steady")
    s.add_argument("--base", required=True)
    s.add_argument("--rate", type=float, required=True)
    s.add_argument("--batch", type=int, default=100)
    s.add_argument("--subjects", type=int, default=1000)
    s.add_argument("--tag", required=True)
    s.add_argument("--out", required=True)
    q = sub.add_parser("probe")
    q.add_argument("--base", required=True)
    q.add_argument("--count", type=int, default=100)
    q.add_argument("--poll-ms", type=float, default=25)
    q.add_argument("--timeout", type=float, default=30)
    q.add_argument("--jitter-ms", type=float, default=1000)
    q.add_argument("--tag", required=True)
    q.add_argument("--out", required=True)
    a = p.parse_args()
    if a.cmd == "steady":
        if a.rate <= 0 or a.batch <= 0:
            p.error("--rate and --batch must be positive")
        steady(a)
    else:
        probe(a)


if __name__ == "__main__":
    main()
