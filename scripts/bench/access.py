#!/usr/bin/env python3
"""Helpers for scripts/bench/access.sh (Python 3 standard library only).

  access.py setup --base URL --customers N --features F --out FILE
      Creates F SUM meters and features and a published plan whose rate cards grant each feature 100 units a month
      (a hard limit), then N customers (subjects acc-000001..) subscribed to it now, and a probe customer with its
      own entitlement of 10^9 units on the first feature. Posts one event per customer and feature (1 to 50 units;
      150 on the first feature for one customer in 20, who are therefore over their limit). Writes the request paths
      of every (subject, feature) check, shuffled, to FILE.
  access.py wait --base URL --mgmt URL --entries E
      Polls until the meters show every event and the access view holds E entitlements.
  access.py freshness --base URL --seconds S --out FILE
      Every 0.5 s: reads the probe's remaining balance, posts one unit of usage, and polls the check every 10 ms until
      the balance shows it. FILE gets one latency in ms per sample.

The API key comes from the environment (BENCH_KEY). Progress goes to stderr.
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse

THREADS = 8
QUOTA = 100
_local = threading.local()


def conn(base):
    c = getattr(_local, "conn_" + base, None)
    if c is None:
        u = urllib.parse.urlparse(base)
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
        setattr(_local, "conn_" + base, c)
    return c


def call(base, method, path, body=None, expect=(200, 201, 204), raw=False):
    headers = {"Authorization": "Bearer " + os.environ["BENCH_KEY"]}
    data = None
    if body is not None:
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        headers["Content-Type"] = "application/json"
    for attempt in range(5):
        try:
            c = conn(base)
            c.request(method, path, body=data, headers=headers)
            r = c.getresponse()
            text = r.read()
            if expect and r.status not in expect:
                raise RuntimeError("%s %s: HTTP %d %s" % (method, path, r.status, text[:300]))
            if raw:
                return r
            return json.loads(text) if text and r.headers.get("Content-Type", "").find("json") >= 0 else text
        except (http.client.HTTPException, ConnectionError, OSError):
            setattr(_local, "conn_" + base, None)
            if attempt == 4:
                raise
            time.sleep(0.5)


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def features(n):
    return ["bench_acc_f%d" % i for i in range(n)]


def setup(a):
    base = a.base
    keys = features(a.features)
    for key in keys:
        call(base, "POST", "/api/v1/meters", {"slug": key, "aggregation": "SUM", "eventType": "bench-acc-" + key,
                                              "valueProperty": "$.value"})
        call(base, "POST", "/api/v1/features", {"key": key, "name": key, "meterSlug": key})
    cards = [{"type": "usage_based", "key": key, "name": key, "featureKey": key, "billingCadence": "P1M",
              "price": None, "entitlementTemplate": {"type": "metered", "issueAfterReset": QUOTA,
                                                     "usagePeriod": "P1M"}} for key in keys]
    plan = call(base, "POST", "/api/v1/plans", {"key": "bench_access", "name": "Benchmark access", "currency": "USD",
                                                "billingCadence": "P1M", "phases": [
                                                    {"key": "main", "name": "Main", "duration": None,
                                                     "rateCards": cards}]})
    call(base, "POST", "/api/v1/plans/%s/publish" % plan["id"])
    start = time.time() - 60
    done = [0]

    def customer(i):
        subject = "acc-%06d" % i
        c = call(base, "POST", "/api/v1/customers", {"key": subject, "name": "Customer " + subject,
                                                     "usageAttribution": {"subjectKeys": [subject]}})
        call(base, "POST", "/api/v1/subscriptions", {"customerId": c["id"], "plan": {"key": "bench_access"},
                                                     "timing": rfc3339(start)})
        done[0] += 1
        if done[0] % 1000 == 0:
            print("  %d customers subscribed" % done[0], file=sys.stderr)

    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(customer, range(1, a.customers + 1)))
    probe = call(base, "POST", "/api/v1/customers", {"key": "acc-probe", "name": "Probe",
                                                     "usageAttribution": {"subjectKeys": ["acc-probe"]}})
    call(base, "POST", "/api/v2/customers/%s/entitlements" % probe["id"], {
        "type": "metered", "featureKey": keys[0], "issue": {"amount": 1000000000},
        "usagePeriod": {"interval": "MONTH"}})

    events = []
    total = 0
    rng = random.Random(42)
    for i in range(1, a.customers + 1):
        for f, key in enumerate(keys):
            value = 150 if f == 0 and i % 20 == 0 else rng.randint(1, 50)
            total += value
            events.append({"specversion": "1.0", "id": "acc-%d-%d" % (i, f), "source": "bench-access",
                           "type": "bench-acc-" + key, "subject": "acc-%06d" % i, "time": rfc3339(time.time()),
                           "data": {"value": value}})
    batches = [json.dumps(events[j:j + 1000]) for j in range(0, len(events), 1000)]

    def post(batch):
        call(base, "POST", "/api/v1/events", batch.encode())

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(post, batches))
    paths = ["/api/v1/access/check?subject=acc-%06d&feature=%s" % (i, key)
             for i in range(1, a.customers + 1) for key in keys]
    rng.shuffle(paths)
    with open(a.out, "w") as f:
        f.write("\n".join(paths) + "\n")
    print(total)


def wait(a):
    deadline = time.time() + 600
    while time.time() < deadline:
        body = call(a.mgmt, "GET", "/q/metrics", expect=(200,))
        text = body.decode() if isinstance(body, bytes) else str(body)
        m = re.search(r"^tollgate_access_view_entries\S*\s+([0-9.eE+]+)", text, re.M)
        entries = float(m.group(1)) if m else 0
        if entries >= a.entries:
            print("  the access view holds %d entitlements" % entries, file=sys.stderr)
            return
        time.sleep(2)
    raise SystemExit("the access view did not fill up in time")


def remaining(base):
    r = call(base, "GET", "/api/v1/access/check?subject=acc-probe&feature=" + features(1)[0], raw=True)
    header = r.getheader("RateLimit") or ""
    m = re.search(r";r=(\d+)", header)
    return int(m.group(1)) if m else None


def freshness(a):
    key = features(1)[0]
    end = time.time() + a.seconds
    samples = []
    n = 0
    while time.time() < end:
        before = remaining(a.base)
        n += 1
        event = {"specversion": "1.0", "id": "probe-%d-%f" % (n, time.time()), "source": "bench-access-probe",
                 "type": "bench-acc-" + key, "subject": "acc-probe", "time": rfc3339(time.time()),
                 "data": {"value": 1}}
        sent = time.time()
        call(a.base, "POST", "/api/v1/events", json.dumps([event]).encode(), expect=(202, 204))
        while remaining(a.base) != before - 1:
            if time.time() - sent > 30:
                raise SystemExit("usage did not show in the check within 30 s")
            time.sleep(0.01)
        samples.append((time.time() - sent) * 1000)
        time.sleep(max(0.0, 0.5 - (time.time() - sent)))
    with open(a.out, "w") as f:
        f.write("\n".join("%.1f" % s for s in samples) + "\n")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--base", required=True)
    s.add_argument("--customers", type=int, required=True)
    s.add_argument("--features", type=int, required=True)
    s.add_argument("--out", required=True)
    w = sub.add_parser("wait")
    w.add_argument("--base", required=True)
    w.add_argument("--mgmt", required=True)
    w.add_argument("--entries", type=int, required=True)
    f = sub.add_parser("freshness")
    f.add_argument("--base", required=True)
    f.add_argument("--seconds", type=int, required=True)
    f.add_argument("--out", required=True)
    a = p.parse_args()
    {"setup": setup, "wait": wait, "freshness": freshness}[a.cmd](a)


if __name__ == "__main__":
    main()
