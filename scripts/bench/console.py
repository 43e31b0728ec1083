#!/usr/bin/env python3
"""Helpers for scripts/bench/console.sh (Python 3 standard library only).

  console.py setup --base URL --customers N --start EPOCH --out FILE
      Meters (LLM input and output tokens by model, provider and route; requests), features with unit costs (LLM
      prices from the cost table, and a manual one), an LLM cost table with a price change half-way through the year,
      a published plan (a monthly fee in advance and the three usage charges), and a customer hierarchy: 10
      organisations, 100 departments under them and N customers under the departments, each with one subject and a
      costCenter, subscribed from EPOCH. FILE gets the department count.
  console.py month --base URL --customers N --events E --start EPOCH --month M --out FILE
      Moves the app's (movable) clock to three hours after month M ends, posts E events dated in month M for the N
      customers (batches of 1000, several connections), waits until the request meter counts them, then runs billing.
      FILE gets "<events> <seconds to post> <seconds to run billing>".
  console.py pages --base URL --out FILE
      Finds one customer, plan and invoice and writes the console's page paths to measure, one per line.
  console.py measure --base URL --paths FILE --rate R --requests N --out FILE
      Signs in to the console, then for each path requests it N times at a constant offered rate of R per second
      (open loop: latency counts from the scheduled send time) after 5 warm-up requests, and writes
      "<path> <p50 ms> <p99 ms> <server p99 ms> <max ms>" per path. Server time is the page's Server-Timing total
      (`page;dur=`).

The API key comes from the environment (BENCH_KEY). Progress goes to stderr.
"""
import argparse
import calendar
import concurrent.futures
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from invoicing import call, rfc3339  # noqa: E402  (the shared HTTP helper of the billing benchmark)

EVENT_TYPE = "bench-con-llm"
MODELS = [("openai", "gpt-4o"), ("openai", "gpt-4o-mini"), ("anthropic", "claude-sonnet"),
          ("meta", "llama-3-70b"), ("mistral", "mistral-large")]
ROUTES = ["/v1/chat", "/v1/embeddings", "/v1/responses", "/v1/completions"]
ORGS = 10
DEPARTMENTS = 100


def log(message):
    print("[console.py] " + message, file=sys.stderr, flush=True)


def add_months(epoch, months):
    t = time.gmtime(epoch)
    month0 = t.tm_mon - 1 + months
    year, month = t.tm_year + month0 // 12, month0 % 12 + 1
    day = min(t.tm_mday, calendar.monthrange(year, month)[1])
    return calendar.timegm((year, month, day, t.tm_hour, t.tm_min, t.tm_sec))


def subject(i):
    return "con-%05d" % i


def setup(a):
    base = a.base
    group_by = {"model": "$.model", "provider": "$.provider", "route": "$.route"}
    for slug, prop in (("con_input_tokens", "$.input_tokens"), ("con_output_tokens", "$.output_tokens")):
        call(base, "POST", "/api/v1/meters", {"slug": slug, "aggregation": "SUM", "eventType": EVENT_TYPE,
                                              "valueProperty": prop, "groupBy": group_by})
    call(base, "POST", "/api/v1/meters", {"slug": "con_requests", "aggregation": "COUNT", "eventType": EVENT_TYPE,
                                          "groupBy": group_by})
    half_year = add_months(a.start, 6)
    for provider, model in MODELS:
        for effective_from, factor in ((a.start - 86400, 1), (half_year, 0.5)):
            call(base, "POST", "/api/v1/llm-cost/overrides", {
                "provider": provider, "model_id": model, "currency": "USD", "effective_from": rfc3339(effective_from),
                "pricing": {"input_per_token": "%.8f" % (0.0000025 * factor),
                            "output_per_token": "%.8f" % (0.00001 * factor)}})
    for key, meter, token_type in (("con_input", "con_input_tokens", "input"),
                                   ("con_output", "con_output_tokens", "output")):
        call(base, "POST", "/api/v1/features", {
            "key": key, "name": key, "meterSlug": meter,
            "unitCost": {"type": "llm", "providerProperty": "provider", "modelProperty": "model",
                         "tokenType": token_type}})
    call(base, "POST", "/api/v1/features", {"key": "con_requests", "name": "Requests", "meterSlug": "con_requests",
                                            "unitCost": {"type": "manual", "amount": "0.0001"}})
    plan = call(base, "POST", "/api/v1/plans", {
        "key": "con_plan", "name": "Console bench", "currency": "USD", "billingCadence": "P1M",
        "phases": [{"key": "main", "name": "Main", "duration": None, "rateCards": [
            {"type": "flat_fee", "key": "base_fee", "name": "Base fee", "billingCadence": "P1M",
             "price": {"type": "flat", "amount": "49", "paymentTerm": "in_advance"}},
            {"type": "usage_based", "key": "con_input", "name": "Input tokens", "featureKey": "con_input",
             "billingCadence": "P1M", "price": {"type": "unit", "amount": "0.000005"}},
            {"type": "usage_based", "key": "con_output", "name": "Output tokens", "featureKey": "con_output",
             "billingCadence": "P1M", "price": {"type": "unit", "amount": "0.000015"}},
            {"type": "usage_based", "key": "con_requests", "name": "Requests", "featureKey": "con_requests",
             "billingCadence": "P1M", "price": {"type": "unit", "amount": "0.001"}}]}]})
    call(base, "POST", "/api/v1/plans/%s/publish" % plan["id"])
    orgs = [call(base, "POST", "/api/v1/customers", {"key": "org-%02d" % o, "name": "Organisation %d" % o,
                                                     "usageAttribution": {"subjectKeys": []}})["id"]
            for o in range(1, ORGS + 1)]
    departments = [call(base, "POST", "/api/v1/customers", {
        "key": "dept-%03d" % d, "name": "Department %d" % d, "parentCustomerId": orgs[(d - 1) % ORGS],
        "metadata": {"costCenter": "CC-%03d" % d}, "usageAttribution": {"subjectKeys": []}})["id"]
        for d in range(1, DEPARTMENTS + 1)]

    def customer(i):
        c = call(base, "POST", "/api/v1/customers", {
            "key": subject(i), "name": "Customer %d" % i, "parentCustomerId": departments[(i - 1) % DEPARTMENTS],
            "primaryEmail": "billing+%d@example.com" % i, "currency": "USD",
            "metadata": {"costCenter": "CC-%03d" % ((i - 1) % DEPARTMENTS + 1)},
            "usageAttribution": {"subjectKeys": [subject(i)]}})
        call(base, "POST", "/api/v1/subscriptions", {"customerId": c["id"], "plan": {"key": "con_plan"},
                                                     "timing": rfc3339(a.start)})
        return i

    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for done, _ in enumerate(pool.map(customer, range(1, a.customers + 1)), 1):
            if done % 1000 == 0:
                log("%d customers subscribed (%.0f s)" % (done, time.time() - t0))
    with open(a.out, "w") as f:
        f.write("%d\n" % DEPARTMENTS)


def events_of_month(a, month_start, month_end):
    """The month's events, lazily, in batches of 1000 JSON objects; ids are unique per run and month."""
    rnd = random.Random(a.month * 7919)
    span = month_end - month_start - 60
    batch = []
    for e in range(a.events):
        provider, model = MODELS[rnd.randrange(len(MODELS))]
        batch.append('{"specversion":"1.0","id":"con-%d-%d","source":"urn:bench:console","type":"%s",'
                     '"subject":"%s","time":"%s","data":{"provider":"%s","model":"%s","route":"%s",'
                     '"input_tokens":%d,"output_tokens":%d}}'
                     % (a.month, e, EVENT_TYPE, subject(rnd.randint(1, a.customers)),
                        rfc3339(month_start + rnd.randrange(span)), provider, model,
                        ROUTES[rnd.randrange(len(ROUTES))], rnd.randint(1, 4000), rnd.randint(1, 1000)))
        if len(batch) == 1000:
            yield "[" + ",".join(batch) + "]"
            batch = []
    if batch:
        yield "[" + ",".join(batch) + "]"


def requests_counted(base, month_start, month_end):
    answer = call(base, "GET", "/api/v1/meters/con_requests/query?from=%s&to=%s"
                  % (rfc3339(month_start), rfc3339(month_end)))
    return sum(int(float(row["value"])) for row in answer["data"])


def month(a):
    base = a.base
    month_start, month_end = add_months(a.start, a.month - 1), add_months(a.start, a.month)
    call(base, "PUT", "/api/v1/test/clock", {"now": rfc3339(month_end + 3 * 3600)})
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda body: call(base, "POST", "/api/v1/events", body.encode()),
                      events_of_month(a, month_start, month_end)))
    posted = time.time() - t0
    deadline = time.time() + 900
    while requests_counted(base, month_start, month_end) != a.events:
        if time.time() > deadline:
            sys.exit("month %d: the request meter did not reach %d events in 900 s" % (a.month, a.events))
        time.sleep(1)
    t1 = time.time()
    call(base, "POST", "/api/v1/billing/runs")
    billed = time.time() - t1
    # Finance closes the calendar month the data reached: its showback by department, as a team using the console
    # each month would (it also marks the month for the cost rollup, which keeps it from then on).
    t2 = time.time()
    t = time.gmtime(month_end)
    first = calendar.timegm((t.tm_year, t.tm_mon, 1, 0, 0, 0))
    call(base, "GET", "/api/v1/reports/showback?from=%s&to=%s&groupBy=department"
         % (rfc3339(add_months(first, -1)), rfc3339(first)))
    closed = time.time() - t2
    log("month %d: %d events posted in %.0f s, billing run %.0f s, month-end showback %.1f s"
        % (a.month, a.events, posted, billed, closed))
    with open(a.out, "w") as f:
        f.write("%d %.1f %.1f %.1f\n" % (a.events, posted, billed, closed))


def first_id(base, path):
    answer = call(base, "GET", path)
    items = answer["items"] if isinstance(answer, dict) and "items" in answer else answer
    return items[0]["id"]


def pages(a):
    base = a.base
    customer = first_id(base, "/api/v1/customers?pageSize=1&key=con-00042")
    plan = first_id(base, "/api/v1/plans?pageSize=1&key=con_plan")
    invoice = first_id(base, "/api/v1/billing/invoices?pageSize=1&statuses=paid&statuses=payment_processing"
                             "&statuses=issued")
    paths = ["/console", "/console/customers", "/console/customers?q=con-0004",
             "/console/customers/" + customer, "/console/plans", "/console/plans/" + plan,
             "/console/invoices", "/console/invoices/" + invoice, "/console/reports/showback",
             "/console/reports/revenue", "/console/reports/margin", "/console/chargeback", "/console/events"]
    with open(a.out, "w") as f:
        f.write("\n".join(paths) + "\n")


def sign_in(base):
    u = urllib.parse.urlparse(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    c.request("GET", "/console/sign-in")
    r = c.getresponse()
    page = r.read().decode()
    cookies = [v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie"]
    token = ""
    marker = 'name="csrf" value="'
    if marker in page:
        token = page.split(marker, 1)[1].split('"', 1)[0]
    form = urllib.parse.urlencode({"apiKey": os.environ["BENCH_KEY"], "csrf": token})
    c.request("POST", "/console/sign-in", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(cookies)})
    r = c.getresponse()
    r.read()
    if r.status not in (302, 303):
        sys.exit("console sign-in answered HTTP %d" % r.status)
    cookies += [v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie"]
    return "; ".join(cookies)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1)]


def server_ms(response):
    """The page's own server time from its Server-Timing header (`page;dur=12.3, ...`), or None."""
    timing = response.getheader("Server-Timing") or ""
    for part in timing.split(","):
        fields = [f.strip() for f in part.split(";")]
        if fields and fields[0] == "page":
            for f in fields[1:]:
                if f.startswith("dur="):
                    return float(f[4:])
    return None


def measure_path(base, cookie, path, rate, n):
    """Open loop at a constant rate: request k is due at start + k/rate; its latency counts from then."""
    u = urllib.parse.urlparse(base)
    local = threading.local()
    lock = threading.Lock()
    latencies, servers, failures, timings = [], [], [], []

    def one(due):
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        c = getattr(local, "c", None) or http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        local.c = c
        try:
            c.request("GET", path, headers={"Cookie": cookie})
            r = c.getresponse()
            r.read()
            status, server = r.status, server_ms(r)
            timings[:] = [r.getheader("Server-Timing") or ""]
        except (http.client.HTTPException, OSError) as e:
            local.c = None
            status, server = str(e), None
        elapsed = (time.perf_counter() - due) * 1000
        with lock:
            if status != 200:
                failures.append(status)
            latencies.append(elapsed)
            if server is not None:
                servers.append(server)

    for _ in range(5):
        one(time.perf_counter())
    latencies.clear()
    servers.clear()
    start = time.perf_counter() + 0.1
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(one, [start + k / rate for k in range(n)]))
    if failures:
        sys.exit("%s: %d of %d requests failed, e.g. %s" % (path, len(failures), n, failures[0]))
    return latencies, servers, timings[0] if timings else ""


def measure(a):
    cookie = sign_in(a.base)
    with open(a.paths) as f:
        paths = [line.strip() for line in f if line.strip()]
    with open(a.out, "w") as out:
        for path in paths:
            latencies, servers, timing = measure_path(a.base, cookie, path, a.rate, a.requests)
            log("%s Server-Timing of the last request: %s" % (path, timing))
            server_p99 = "%.1f" % percentile(servers, 99) if servers else "n/a"
            line = "%s %.1f %.1f %s %.1f" % (path, percentile(latencies, 50), percentile(latencies, 99), server_p99,
                                            max(latencies))
            log(line)
            out.write(line + "\n")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--base", required=True)
    s.add_argument("--customers", type=int, required=True)
    s.add_argument("--start", type=int, required=True)
    s.add_argument("--out", required=True)
    m = sub.add_parser("month")
    m.add_argument("--base", required=True)
    m.add_argument("--customers", type=int, required=True)
    m.add_argument("--events", type=int, required=True)
    m.add_argument("--start", type=int, required=True)
    m.add_argument("--month", type=int, required=True)
    m.add_argument("--out", required=True)
    g = sub.add_parser("pages")
    g.add_argument("--base", required=True)
    g.add_argument("--out", required=True)
    r = sub.add_parser("measure")
    r.add_argument("--base", required=True)
    r.add_argument("--paths", required=True)
    r.add_argument("--rate", type=float, required=True)
    r.add_argument("--requests", type=int, required=True)
    r.add_argument("--out", required=True)
    a = p.parse_args()
    {"setup": setup, "month": month, "pages": pages, "measure": measure}[a.cmd](a)


if __name__ == "__main__":
    main()
