#!/usr/bin/env python3
"""Helpers for scripts/bench/invoicing.sh (Python 3 standard library only).

  invoicing.py setup --base URL --customers N --events E --start EPOCH --out FILE
      Creates a SUM meter (bench_inv_tokens, events of type bench-inv, $.tokens), a feature on it, and a published
      plan in USD with a monthly fee of 10 paid in advance and the tokens at 0.00001 each; then N customers
      (subjects inv-000001..) each subscribed from EPOCH, and E events per customer spread over the first month
      after EPOCH, posted in batches of 1000. Several connections at once. FILE gets "<meter id> <tokens sent>".
  invoicing.py wait --base URL --tokens T --timeout S
      Polls the meter's total until it is T.
  invoicing.py run --base URL --out FILE
      POST /api/v1/billing/runs, timed; FILE gets "<seconds> <json answer>".
  invoicing.py check --base URL --customers N --expected TOTAL
      Lists every invoice that is not gathering and checks that each customer has exactly one, with a distinct
      number, and that the totals add up to TOTAL, what the tokens and fees come to. Prints "<invoices> <total>".

The API key comes from the environment (BENCH_KEY). Progress goes to stderr.
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse
from decimal import Decimal, ROUND_HALF_UP

METER = "bench_inv_tokens"
FEATURE = "bench_inv_tokens"
PRICE = Decimal("0.00001")
FEE = Decimal("10")
THREADS = 8

_local = threading.local()


def conn(base):
    c = getattr(_local, "conn", None)
    if c is None:
        u = urllib.parse.urlparse(base)
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
        _local.conn = c
    return c


def call(base, method, path, body=None, expect=(200, 201, 204)):
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
            if r.status not in expect:
                raise RuntimeError("%s %s: HTTP %d %s" % (method, path, r.status, text[:300]))
            return json.loads(text) if text else None
        except (http.client.HTTPException, ConnectionError, OSError) as e:
            _local.conn = None
            if attempt == 4:
                raise
            time.sleep(0.5)


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def month_after(epoch):
    t = time.gmtime(epoch)
    year, month = (t.tm_year + 1, 1) if t.tm_mon == 12 else (t.tm_year, t.tm_mon + 1)
    import calendar
    return calendar.timegm((year, month, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec))


def setup(a):
    base = a.base
    meter = call(base, "POST", "/api/v1/meters", {"slug": METER, "aggregation": "SUM", "eventType": "bench-inv",
                                                 "valueProperty": "$.tokens", "groupBy": {"model": "$.model"}})
    call(base, "POST", "/api/v1/features", {"key": FEATURE, "name": "Benchmark tokens", "meterSlug": METER})
    plan = call(base, "POST", "/api/v1/plans", {
        "key": "bench_usage", "name": "Bench usage", "currency": "USD", "billingCadence": "P1M",
        "phases": [{"key": "main", "name": "Main", "duration": None, "rateCards": [
            {"type": "flat_fee", "key": "base_fee", "name": "Base fee", "billingCadence": "P1M",
             "price": {"type": "flat", "amount": str(FEE), "paymentTerm": "in_advance"}},
            {"type": "usage_based", "key": FEATURE, "name": "Tokens", "featureKey": FEATURE, "billingCadence": "P1M",
             "price": {"type": "unit", "amount": str(PRICE)}}]}]})
    call(base, "POST", "/api/v1/plans/%s/publish" % plan["id"])
    start = a.start
    end = month_after(start)

    def customer(i):
        subject = "inv-%06d" % i
        c = call(base, "POST", "/api/v1/customers", {"key": subject, "name": "Customer " + subject,
                                                      "usageAttribution": {"subjectKeys": [subject]}})
        call(base, "POST", "/api/v1/subscriptions", {"customerId": c["id"], "plan": {"key": "bench_usage"},
                                                     "timing": rfc3339(start)})
        return i

    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        for done, _ in enumerate(pool.map(customer, range(1, a.customers + 1)), 1):
            if done % 1000 == 0:
                print("[invoicing.py] %d customers subscribed (%.0f s)" % (done, time.time() - t0), file=sys.stderr)
    rnd = random.Random(42)
    events = []
    tokens = 0
    expected = Decimal(0)
    for i in range(1, a.customers + 1):
        mine = 0
        for e in range(a.events):
            n = rnd.randint(1, 2000)
            tokens += n
            mine += n
            t = rnd.randint(start, end - 61)
            events.append('{"specversion":"1.0","id":"inv-%d-%d","source":"urn:bench:invoicing","type":"bench-inv",'
                          '"subject":"inv-%06d","time":"%s","data":{"model":"m","tokens":%d}}'
                          % (i, e, i, rfc3339(t), n))
        # Two fees paid in advance (the first period's and the second's) and the first period's tokens.
        expected += 2 * FEE + (mine * PRICE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    batches = ["[" + ",".join(events[k:k + 1000]) + "]" for k in range(0, len(events), 1000)]

    def post(batch):
        call(base, "POST", "/api/v1/events", batch.encode())
        return 1

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(post, batches))
    print("[invoicing.py] %d events posted (%d tokens) in %.0f s" % (len(events), tokens, time.time() - t0),
          file=sys.stderr)
    with open(a.out, "w") as f:
        f.write("%s %d %s\n" % (meter["id"], tokens, expected))


def wait(a):
    deadline = time.time() + a.timeout
    total = None
    while time.time() < deadline:
        answer = call(a.base, "GET", "/api/v1/meters/%s/query" % METER)
        total = sum(Decimal(str(row["value"])) for row in answer["data"])
        if total == a.tokens:
            return
        time.sleep(1)
    sys.exit("the meter's total is %s after %d s, not %d" % (total, a.timeout, a.tokens))


def run(a):
    t0 = time.time()
    answer = call(a.base, "POST", "/api/v1/billing/runs")
    seconds = time.time() - t0
    with open(a.out, "w") as f:
        f.write("%.2f %s\n" % (seconds, json.dumps(answer)))


def check(a):
    seen = {}
    numbers = set()
    total = Decimal(0)
    page = 1
    while True:
        answer = call(a.base, "GET", "/api/v1/billing/invoices?pageSize=1000&page=%d&statuses=payment_processing"
                      "&statuses=paid&expand=lines" % page)
        for invoice in answer["items"]:
            customer = invoice["customer"]["key"]
            if customer in seen:
                sys.exit("customer %s has two invoices: %s and %s" % (customer, seen[customer], invoice["id"]))
            seen[customer] = invoice["id"]
            if invoice["number"] in numbers:
                sys.exit("invoice number %s is used twice" % invoice["number"])
            numbers.add(invoice["number"])
            total += Decimal(invoice["totals"]["total"])
        if page * 1000 >= answer["totalCount"]:
            break
        page += 1
    if len(seen) != a.customers:
        sys.exit("%d customers were invoiced, not %d" % (len(seen), a.customers))
    if total != a.expected:
        sys.exit("the invoices total %s, not %s" % (total, a.expected))
    print("%d %s" % (len(seen), total))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--base", required=True)
    s.add_argument("--customers", type=int, required=True)
    s.add_argument("--events", type=int, required=True)
    s.add_argument("--start", type=int, required=True)
    s.add_argument("--out", required=True)
    w = sub.add_parser("wait")
    w.add_argument("--base", required=True)
    w.add_argument("--tokens", type=int, required=True)
    w.add_argument("--timeout", type=int, default=900)
    r = sub.add_parser("run")
    r.add_argument("--base", required=True)
    r.add_argument("--out", required=True)
    c = sub.add_parser("check")
    c.add_argument("--base", required=True)
    c.add_argument("--customers", type=int, required=True)
    c.add_argument("--expected", type=Decimal, required=True)
    a = p.parse_args()
    {"setup": setup, "wait": wait, "run": run, "check": check}[a.cmd](a)


if __name__ == "__main__":
    main()
