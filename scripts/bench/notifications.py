#!/usr/bin/env python3
"""Helpers for scripts/bench/notifications.sh (Python 3 standard library only).

  notifications.py setup --base URL --customers N --grant G --levels 50,80,100 --hook URL
      Creates a SUM meter (bench_nf, $.value of events of type bench-nf) and its feature, N customers (keys and
      subjects nf-000001..) each with a metered entitlement to the feature (issue G units, monthly usage period,
      hard limit), one WEBHOOK channel to URL (signing secret BENCH_WEBHOOK_SECRET) and one
      entitlements.balance.threshold rule with usage_percentage thresholds at the levels. Fails if the usage period
      of an entitlement ends within 2 hours (the thresholds would start afresh during the run).
  notifications.py receive --port-file FILE --out FILE
      The webhook receiver: an HTTP/1.1 server on 127.0.0.1 (a free port, written to --port-file) that answers every
      POST 204 and appends one line per request to --out:
        <receive time> <webhook-id> <type> <customer key> <threshold type> <threshold value> <usage> <signature ok>
      the receive time (Unix seconds) taken when the request's headers have been read. Runs until SIGTERM.
  notifications.py load --base URL --customers N --grant G --levels L --rate R --seconds S --ramp D --warmup W
                        --tail T --tick-ms MS --senders K --tag TAG --crossings FILE --batches FILE
      The open-loop load: R events/s of 1 unit each, due on a fixed schedule whatever the answers do, in one POST
      per tick (CloudEvents batch) handed to K sender threads with a keep-alive connection each. W s of warm-up,
      then the measured S s, then T s more at the same rate. In the measured S s customer c (0-based) gets its G
      units at an even G/D units/s from c * (S - D) / N s on, so its usage passes each level once and the
      crossings of every level are spread evenly over the run; every other event (the rest of the rate, and all of
      the warm-up and the tail) goes to one of 100 subjects that belong to no customer (nf-filler-000..).
      --batches gets one line per POST: <seq> <due> <sent> <answered> <status> <attempts> <events> <ramp events>;
      --crossings one per event that makes a customer's usage reach a level (the ceil(level * G / 100)-th unit):
        <customer key> <level> <due> <sent> <status>
      "sent" is when the first attempt of the POST that carried it started; a non-2xx answer or an error is retried
      (same event ids, so deduplicated) up to 5 times. Times are Unix seconds.
  notifications.py report --levels L --crossings FILE --received FILE --batches FILE --load-end T --out FILE
      Joins the crossings with the received webhooks: freshness = receive time of the first delivery for (customer,
      level) - sent time of its crossing event. Prints key=value lines; --out gets one line per crossing:
        <customer key> <level> <due> <sent> <received or -> <freshness s or missing>

The API key comes from the environment (BENCH_KEY), never from the command line; so does the channel's signing
secret (BENCH_WEBHOOK_SECRET, whsec_...). Progress goes to stderr.
"""
import argparse
import base64
import calendar
import concurrent.futures
import hashlib
import hmac
import http.client
import http.server
import json
import math
import os
import queue
import signal
import sys
import threading
import time
import urllib.parse

METER = "bench_nf"
EVENT_TYPE = "bench-nf"
FEATURE = "bench_nf_calls"
FILLERS = 100
THRESHOLD_TYPE = "entitlements.balance.threshold"
_local = threading.local()


def customer_key(c):
    """The key (and subject) of customer c, 0-based."""
    return "nf-%06d" % (c + 1)


def levels_of(text):
    levels = [int(x) for x in text.split(",") if x.strip()]
    if not levels or any(p <= 0 for p in levels) or len(set(levels)) != len(levels):
        raise SystemExit("--levels wants distinct positive whole percentages, e.g. 50,80,100")
    return sorted(levels)


def crossing_unit(level, grant):
    """The unit (1-based) whose arrival makes usage reach level % of grant: usage >= level * grant / 100."""
    return -(-level * grant // 100)


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % int((t % 1) * 1000)


# ------------------------------------------------------------------------------------------------ HTTP client

class Client:
    """One keep-alive HTTP/1.1 connection that reconnects after an error."""

    def __init__(self, base, timeout=30):
        u = urllib.parse.urlsplit(base)
        self.host, self.port, self.timeout = u.hostname, u.port or 80, timeout
        self.auth = "Bearer " + os.environ["BENCH_KEY"]
        self.conn = None

    def call(self, method, path, body=None, ctype="application/json"):
        headers = {"Authorization": self.auth}
        if body is not None:
            headers["Content-Type"] = ctype
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.request(method, path, body=body, headers=headers)
            r = self.conn.getresponse()
            return r.status, r.read()
        except (OSError, http.client.HTTPException):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            raise


def api(base, method, path, body=None, expect=(200, 201)):
    """A JSON API call on this thread's connection, retried after connection errors; the parsed answer."""
    client = getattr(_local, "client", None)
    if client is None:
        client = _local.client = Client(base, timeout=120)
    data = json.dumps(body).encode() if body is not None else None
    for attempt in range(5):
        try:
            status, text = client.call(method, path, data)
        except (OSError, http.client.HTTPException):
            if attempt == 4:
                raise
            time.sleep(0.5)
            continue
        if status not in expect:
            raise SystemExit("%s %s: HTTP %d %s" % (method, path, status, text[:300]))
        return json.loads(text) if text else None
    raise AssertionError("unreachable")


# ------------------------------------------------------------------------------------------------ setup

def setup(a):
    base = a.base
    levels = levels_of(a.levels)
    api(base, "POST", "/api/v1/meters", {"slug": METER, "aggregation": "SUM", "eventType": EVENT_TYPE,
                                         "valueProperty": "$.value"})
    api(base, "POST", "/api/v1/features", {"key": FEATURE, "name": "Benchmark calls", "meterSlug": METER})
    done = [0]
    lock = threading.Lock()
    period_end = []

    def customer(c):
        key = customer_key(c)
        cust = api(base, "POST", "/api/v1/customers", {"key": key, "name": "Customer " + key,
                                                       "usageAttribution": {"subjectKeys": [key]}})
        ent = api(base, "POST", "/api/v2/customers/%s/entitlements" % cust["id"], {
            "type": "metered", "featureKey": FEATURE, "issue": {"amount": a.grant},
            "usagePeriod": {"interval": "MONTH"}})
        with lock:
            done[0] += 1
            if not period_end:
                period_end.append(((ent or {}).get("currentUsagePeriod") or {}).get("to"))
            if done[0] % 200 == 0:
                print("  %d customers with an entitlement" % done[0], file=sys.stderr)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(customer, range(a.customers)))
    end = period_end[0] if period_end else None
    if end:
        t = calendar.timegm(time.strptime(end[:19], "%Y-%m-%dT%H:%M:%S"))
        if t - time.time() < 7200:
            raise SystemExit("the entitlements' usage period ends at %s, within 2 hours: run again after it" % end)
    channel = api(base, "POST", "/api/v1/notification/channels", {
        "type": "WEBHOOK", "name": "Benchmark receiver", "url": a.hook,
        "signingSecret": os.environ["BENCH_WEBHOOK_SECRET"]})
    api(base, "POST", "/api/v1/notification/rules", {
        "type": THRESHOLD_TYPE, "name": "Benchmark thresholds", "channels": [channel["id"]], "features": [FEATURE],
        "thresholds": [{"type": "usage_percentage", "value": p} for p in levels]})
    print("  channel %s and rule created; usage period ends %s" % (channel["id"], end), file=sys.stderr)


# ------------------------------------------------------------------------------------------------ receiver

def receive(a):
    secret = os.environ["BENCH_WEBHOOK_SECRET"]
    key = base64.b64decode(secret[len("whsec_"):])
    out = open(a.out, "a", buffering=1)
    lock = threading.Lock()

    def field(value):
        text = "-" if value is None or value == "" else str(value)
        return "".join(ch if ch > " " else "_" for ch in text)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            t = time.time()
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                body = b""
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        break
                    body += self.rfile.read(size)
                    self.rfile.readline()
            else:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(204)
            self.end_headers()
            wid = self.headers.get("webhook-id") or "-"
            ts = self.headers.get("webhook-timestamp") or ""
            expected = base64.b64encode(hmac.new(key, ("%s.%s." % (wid, ts)).encode() + body,
                                                 hashlib.sha256).digest()).decode()
            ok = any(s.startswith("v1,") and hmac.compare_digest(s[3:], expected)
                     for s in (self.headers.get("webhook-signature") or "").split(" "))
            try:
                j = json.loads(body)
                d = j.get("data") or {}
                th = d.get("threshold") or {}
                value = th.get("value")
                if isinstance(value, (int, float)) or (isinstance(value, str) and value):
                    value = "%g" % float(value)
                line = "%.6f %s %s %s %s %s %s %d\n" % (
                    t, field(wid), field(j.get("type")), field((d.get("customer") or {}).get("key")),
                    field(th.get("type")), field(value), field((d.get("value") or {}).get("usage")), ok)
            except (ValueError, AttributeError, TypeError):
                line = "%.6f %s unparsable - - - - %d\n" % (t, field(wid), ok)
            with lock:
                out.write(line)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with open(a.port_file + ".tmp", "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(a.port_file + ".tmp", a.port_file)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        out.flush()


# ------------------------------------------------------------------------------------------------ load

def load(a):
    levels = levels_of(a.levels)
    n, grant, rate, ramp = a.customers, a.grant, a.rate, a.ramp
    spread = a.seconds - ramp
    starts = [c * spread / n for c in range(n)]
    level_at = {}
    for p in levels:
        level_at.setdefault(crossing_unit(p, grant), []).append(p)
    tick = a.tick_ms / 1000.0
    end = a.warmup + a.seconds + a.tail
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    work = queue.Queue()
    batches = open(a.batches, "w", buffering=1)
    crossings = open(a.crossings, "w", buffering=1)
    lock = threading.Lock()
    failed = [0]

    def sender():
        client = Client(a.base)
        while True:
            item = work.get()
            if item is None:
                return
            seq, due, body, events, ramp_events, crossed = item
            sent = time.time()
            status, attempts = 0, 0
            while attempts < 5:
                attempts += 1
                try:
                    status, _ = client.call("POST", "/api/v1/events", body, "application/cloudevents-batch+json")
                except (OSError, http.client.HTTPException):
                    status = 0
                if 200 <= status < 300:
                    break
                time.sleep(0.2)
            answered = time.time()
            with lock:
                if not 200 <= status < 300:
                    failed[0] += 1
                batches.write("%d %.6f %.6f %.6f %d %d %d %d\n" % (seq, due, sent, answered, status, attempts,
                                                                    events, ramp_events))
                for c, p in crossed:
                    crossings.write("%s %d %.6f %.6f %d\n" % (customer_key(c), p, due, sent, status))

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(a.senders)]
    for t in threads:
        t.start()
    used = [0] * n
    active = []
    next_customer = 0
    ramp_total = filler_total = 0
    seq = 0
    mono0, wall0 = time.monotonic(), time.time()
    print("[load] %d events/s for %d s of warm-up, %d s measured, %d s of tail" % (rate, a.warmup, a.seconds,
                                                                                 a.tail), file=sys.stderr)
    while not stop:
        seq += 1
        due_at = seq * tick
        if due_at > end + 1e-9:
            break
        pause = mono0 + due_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        due = wall0 + due_at
        now = time.time()
        stamp = rfc3339(now)
        events = []
        crossed = []
        t = due_at - a.warmup
        if 0 < t <= a.seconds + tick:
            while next_customer < n and starts[next_customer] <= t:
                active.append(next_customer)
                next_customer += 1
            still = []
            for c in active:
                target = min(grant, int(grant * (t - starts[c]) / ramp))
                while used[c] < target:
                    used[c] += 1
                    events.append(customer_key(c))
                    for p in level_at.get(used[c], ()):
                        crossed.append((c, p))
                if used[c] < grant:
                    still.append(c)
            active = still
        ramp_events = len(events)
        ramp_total += ramp_events
        filler = int(rate * due_at) - ramp_total - filler_total
        for _ in range(max(0, filler)):
            events.append("nf-filler-%03d" % (filler_total % FILLERS))
            filler_total += 1
        first = ramp_total + filler_total - len(events)
        body = ("[" + ",".join(
            '{"specversion":"1.0","id":"%s-%d","source":"urn:bench:notifications","type":"%s","subject":"%s",'
            '"time":"%s","data":{"value":1}}' % (a.tag, first + i, EVENT_TYPE, s, stamp)
            for i, s in enumerate(events)) + "]").encode()
        if events:
            work.put((seq, due, body, len(events), ramp_events, crossed))
        if seq % int(round(10 / tick)) == 0:
            print("[load] %.0f s: %d events due, %d queued POSTs, %d customers ramping, %d done" % (
                due_at, ramp_total + filler_total, work.qsize(), len(active), next_customer - len(active)),
                file=sys.stderr)
    for _ in threads:
        work.put(None)
    for t in threads:
        t.join()
    batches.close()
    crossings.close()
    if stop:
        raise SystemExit("notifications.py load: stopped before the end")
    if failed[0]:
        print("[load] %d POSTs failed after 5 attempts" % failed[0], file=sys.stderr)


# ------------------------------------------------------------------------------------------------ report

def pct(values, p):
    """Nearest rank; values sorted; inf stands for a webhook never received."""
    if not values:
        return float("nan")
    k = max(1, int(math.ceil(p * len(values))))
    return values[k - 1]


def fmt(v):
    return "missing" if v == float("inf") else "n/a" if v != v else "%.3f" % v


def report(a):
    levels = levels_of(a.levels)
    crossings = {}
    for line in open(a.crossings):
        cust, level, due, sent, status = line.split()
        crossings[(cust, int(level))] = (float(due), float(sent), 200 <= int(status) < 300)
    first = {}          # (customer, level) -> first receive time
    ids = {}            # (customer, level) -> set of webhook ids
    deliveries = {}     # webhook id -> deliveries
    other = bad_sig = unexpected = 0
    for line in open(a.received):
        f = line.split()
        if len(f) < 8:
            continue
        t, wid, typ, cust, ttype, value, _, ok = f[:8]
        if ok != "1":
            bad_sig += 1
        deliveries[wid] = deliveries.get(wid, 0) + 1
        if typ != THRESHOLD_TYPE or ttype != "usage_percentage":
            other += 1
            continue
        try:
            k = (cust, int(round(float(value))))
        except ValueError:
            other += 1
            continue
        if k not in crossings:
            unexpected += 1
            continue
        ids.setdefault(k, set()).add(wid)
        if k not in first or float(t) < first[k]:
            first[k] = float(t)
    fresh, fresh_due, by_level = [], [], {p: [] for p in levels}
    after_load = 0
    with open(a.out, "w") as out:
        for k in sorted(crossings):
            due, sent, ok = crossings[k]
            r = first.get(k)
            v = r - sent if r is not None else float("inf")
            fresh.append(v)
            fresh_due.append(r - due if r is not None else float("inf"))
            by_level.setdefault(k[1], []).append(v)
            if r is not None and r > a.load_end:
                after_load += 1
            out.write("%s %d %.6f %.6f %s %s\n" % (k[0], k[1], due, sent, "%.6f" % r if r else "-", fmt(v)))
    for values in [fresh, fresh_due] + list(by_level.values()):
        values.sort()
    lags, posts, failed, events, ramp_events = [], [], 0, 0, 0
    first_due = last_due = None
    for line in open(a.batches):
        _, due, sent, answered, status, _, n, r = line.split()
        due, sent, answered = float(due), float(sent), float(answered)
        lags.append(sent - due)
        posts.append(answered - sent)
        failed += not 200 <= int(status) < 300
        events += int(n)
        ramp_events += int(r)
        first_due = due if first_due is None else min(first_due, due)
        last_due = due if last_due is None else max(last_due, due)
    lags.sort()
    posts.sort()
    expected = len(crossings)
    received = len(first)
    twice = sum(1 for s in ids.values() if len(s) > 1)
    redelivered = sum(d - 1 for d in deliveries.values())
    kv = {
        "expected": expected, "received": received, "missing": expected - received, "twice": twice,
        "redelivered": redelivered, "unexpected": unexpected, "other": other, "bad_signatures": bad_sig,
        "after_load": after_load, "count": len(fresh),
        "p50": fmt(pct(fresh, 0.5)), "p90": fmt(pct(fresh, 0.9)), "p99": fmt(pct(fresh, 0.99)),
        "max": fmt(fresh[-1] if fresh else float("nan")), "p99_from_due": fmt(pct(fresh_due, 0.99)),
        "levels": ",".join("%d%%:p50=%s/p99=%s" % (p, fmt(pct(v, 0.5)), fmt(pct(v, 0.99)))
                           for p, v in sorted(by_level.items())),
        "posts": len(posts), "posts_failed": failed, "events": events, "ramp_events": ramp_events,
        "achieved": "%.0f" % (events / (last_due - first_due)) if posts and last_due > first_due else "n/a",
        "lag_p99_ms": "%.1f" % (pct(lags, 0.99) * 1000) if lags else "n/a",
        "lag_max_ms": "%.1f" % (lags[-1] * 1000) if lags else "n/a",
        "post_p50_ms": "%.1f" % (pct(posts, 0.5) * 1000) if posts else "n/a",
        "post_p99_ms": "%.1f" % (pct(posts, 0.99) * 1000) if posts else "n/a",
    }
    for k, v in kv.items():
        print("%s=%s" % (k, v))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--base", required=True)
    s.add_argument("--customers", type=int, required=True)
    s.add_argument("--grant", type=int, required=True)
    s.add_argument("--levels", required=True)
    s.add_argument("--hook", required=True)
    r = sub.add_parser("receive")
    r.add_argument("--port-file", required=True)
    r.add_argument("--out", required=True)
    g = sub.add_parser("load")
    g.add_argument("--base", required=True)
    g.add_argument("--customers", type=int, required=True)
    g.add_argument("--grant", type=int, required=True)
    g.add_argument("--levels", required=True)
    g.add_argument("--rate", type=int, required=True)
    g.add_argument("--seconds", type=int, required=True)
    g.add_argument("--ramp", type=int, required=True)
    g.add_argument("--warmup", type=int, default=20)
    g.add_argument("--tail", type=int, default=15)
    g.add_argument("--tick-ms", type=int, default=20)
    g.add_argument("--senders", type=int, default=4)
    g.add_argument("--tag", required=True)
    g.add_argument("--crossings", required=True)
    g.add_argument("--batches", required=True)
    q = sub.add_parser("report")
    q.add_argument("--levels", required=True)
    q.add_argument("--crossings", required=True)
    q.add_argument("--received", required=True)
    q.add_argument("--batches", required=True)
    q.add_argument("--load-end", type=float, required=True)
    q.add_argument("--out", required=True)
    a = p.parse_args()
    if a.cmd == "load" and not (0 < a.ramp < a.seconds and a.rate > 0 and a.customers > 0 and a.tick_ms > 0):
        p.error("load wants 0 < --ramp < --seconds and positive --rate, --customers, --tick-ms")
    {"setup": setup, "receive": receive, "load": load, "report": report}[a.cmd](a)


if __name__ == "__main__":
    main()
