#!/usr/bin/env bash
# Tollgate console benchmark (issue 15, section 5): each console page's time with 10 million events, 10,000 customers
# and a year of invoices behind it, at a constant offered rate. A benchmark, not a test: it measures and prints
# PASS/FAIL against the target, it does not assert it.
#
# Usage: scripts/bench/console.sh [--customers N] [--events E] [--rate R] [--requests N] [--port N] [--help]
#   --customers N  customers (default 10,000; also BENCH_CUSTOMERS), under 100 departments of 10 organisations
#   --events E     events in all (default 10,000,000; also BENCH_EVENTS), spread over the 12 months
#   --rate R       requests per second offered to each page (default 10; also BENCH_RATE)
#   --requests N   measured requests per page (default 300; also BENCH_REQUESTS), after 5 warm-up requests
#   --port N       first port to try for the app (default 18988)
#
# What it does: starts its own app (java -Xmx1g -XX:+UseParallelGC, the billing schedule off, its clock movable and
# set a year back) with its own Kafka topic, ClickHouse database and PostgreSQL schema (all dropped at the end).
#   setup    meters, features with unit costs, an LLM cost table that halves its prices after six months, a plan, and
#            the customers in a hierarchy, each subscribed from a year ago (scripts/bench/console.py setup)
#   year     twelve times: the clock moves past the end of a month, E/12 events dated in that month are posted and
#            counted, a billing run invoices the month, and finance reads the showback of the calendar month just
#            closed, by department (scripts/bench/console.py month): a year of invoices
#   pages    each console page (overview, customers, a customer search, a customer, plans, a plan, invoices, an
#            invoice, showback, revenue, margin, chargeback, events): the bench signs in once, then requests each page
#            at R per second, open loop (latency counts from each request's scheduled time), and records the page's
#            own server time (its Server-Timing header) next to it.
# Target: each page's server time p99 <= 300 ms. The whole default run takes about 75–80 minutes (the year of data).
#
# Output: a header, then `result ...` lines on stdout; progress on stderr; the app log and timings in
# .stack/bench/<run>/. Exit status 0 when every phase was measured, 1 otherwise, 2 on bad usage.
set -Eeuo pipefail
export LC_ALL=C
exec 7>&2

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
BENCH_DIR="$REPO/scripts/bench"
# shellcheck source=scripts/bench/lib.sh
. "$BENCH_DIR/lib.sh"
JAR=${BENCH_JAR:-$REPO/app/target/quarkus-app/quarkus-run.jar}
JAVA=${BENCH_JAVA:-java}
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC}"
# 372 days back: the year of months ends a week before the machine's today, inside the ingest lateness.
JAVA_OPTS+=(-Dtollgate.billing.run-every=off -Dtollgate.clock.movable=true -Dtollgate.clock.offset=-PT8928H)
CUSTOMERS=${BENCH_CUSTOMERS:-10000}
EVENTS=${BENCH_EVENTS:-10000000}
RATE=${BENCH_RATE:-10}
REQUESTS=${BENCH_REQUESTS:-300}
PORT_FROM=${BENCH_PORT:-18988}
CH_DB=tollgate_bench_console
PG_SCHEMA=tollgate_bench_console
TARGET_MS=300

usage() { sed -n '2,/^[^#]/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
usage_error() { echo "console.sh: $*" >&2; usage | grep '^Usage:' >&2; exit 2; }
while (($#)); do
  case $1 in
    --customers) (($# >= 2)) || usage_error "--customers needs N"; CUSTOMERS=$2; shift ;;
    --events) (($# >= 2)) || usage_error "--events needs E"; EVENTS=$2; shift ;;
    --rate) (($# >= 2)) || usage_error "--rate needs R"; RATE=$2; shift ;;
    --requests) (($# >= 2)) || usage_error "--requests needs N"; REQUESTS=$2; shift ;;
    --port) (($# >= 2)) || usage_error "--port needs N"; PORT_FROM=$2; shift ;;
    --help|-h) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
  shift
done
in_range --customers "$CUSTOMERS" 1 99999
in_range --events "$EVENTS" 12 100000000
in_range --rate "$RATE" 1 1000
in_range --requests "$REQUESTS" 10 100000
in_range --port "$PORT_FROM" 1024 64999

take_run_dir console.sh

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$?
  set +e
  trap - EXIT ERR
  stop_app
  delete_topic
  [[ -n ${CH_URL:-} && ${BENCH_KEEP_DATA:-0} != 1 ]] && drop_data
  log "logs: $RUN_DIR"
  exit "$rc"
}
install_traps

ensure_pkg curl curl
ensure_pkg jq jq
command -v python3 >/dev/null || die "no python3"
PSQL=$(command -v psql || printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)
[[ -n $PSQL && -x $PSQL ]] || die "no psql"
use_stack
if [[ ! -f $JAR && -z ${BENCH_JAR:-} ]]; then
  log "building the app (no $JAR yet)"
  ./mvnw -q -B install -DskipTests >"$RUN_DIR/build.log" 2>&1 || { show_tail "$RUN_DIR/build.log"; die "the build failed"; }
fi
PG_DBNAME=${TOLLGATE_PG_URL##*/}
PG_DBNAME=${PG_DBNAME%%\?*}
use_bench_key
export BENCH_KEY=$KEY
drop_data
pg_sql "CREATE SCHEMA $PG_SCHEMA" >/dev/null || die "cannot create schema $PG_SCHEMA"

JV=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')
out "== Tollgate console benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(uname -n): $(nproc) CPUs, java $JV =="
out "app ${JAR#"$REPO"/}, commit $(git --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo '?'), ${JAVA_OPTS[*]};" \
    "$CUSTOMERS customers, $EVENTS events over 12 months, $RATE pages/s offered, $REQUESTS per page; run $RUN"

# Console sessions are sealed with the secrets master key: a fresh one per run, through the environment (not ps).
TOLLGATE_SECRETS_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
export TOLLGATE_SECRETS_MASTER_KEY
start_app
# The app's clock starts 372 days back; the year starts on the whole hour before it.
START=$(curl -sS -H "Authorization: Bearer $KEY" "$BASE/api/v1/test/clock" | jq -r .now \
  | python3 -c "import sys, calendar, time; t = time.strptime(sys.stdin.read().strip()[:19], '%Y-%m-%dT%H:%M:%S');
print(calendar.timegm(t) // 3600 * 3600)")
T0=$(date +%s)
python3 "$BENCH_DIR/console.py" setup --base "$BASE" --customers "$CUSTOMERS" --start "$START" \
  --out "$RUN_DIR/setup" 2> >(tee -a "$RUN_DIR/bench.log" >&7) || die "setup failed"
out "setup: $CUSTOMERS customers under $(cat "$RUN_DIR/setup") departments, subscribed, in $(( $(date +%s) - T0 )) s"

T0=$(date +%s)
for m in $(seq 1 12); do
  per_month=$(( EVENTS / 12 + (m <= EVENTS % 12 ? 1 : 0) ))
  python3 "$BENCH_DIR/console.py" month --base "$BASE" --customers "$CUSTOMERS" --events "$per_month" \
    --start "$START" --month "$m" --out "$RUN_DIR/month-$m" 2> >(tee -a "$RUN_DIR/bench.log" >&7) \
    || die "month $m failed"
done
INVOICES=$(curl -sS -H "Authorization: Bearer $KEY" "$BASE/api/v1/billing/invoices?pageSize=1" | jq -r .totalCount)
out "year: $EVENTS events and $INVOICES invoices in $(( $(date +%s) - T0 )) s"

python3 "$BENCH_DIR/console.py" pages --base "$BASE" --out "$RUN_DIR/pages" || die "could not list the pages"
python3 "$BENCH_DIR/console.py" measure --base "$BASE" --paths "$RUN_DIR/pages" --rate "$RATE" \
  --requests "$REQUESTS" --out "$RUN_DIR/measured" 2> >(tee -a "$RUN_DIR/bench.log" >&7) || die "measuring failed"
while read -r path p50 p99 server max; do
  verdict=$(awk -v s="$server" -v p="$p99" -v t="$TARGET_MS" \
    'BEGIN { v = (s == "n/a" ? p : s); print v + 0 <= t ? "PASS" : "FAIL" }')
  out "result console.page $path server p99 $server ms  latency p50 $p50 p99 $p99 max $max ms" \
      " target <= $TARGET_MS ms: $verdict"
done <"$RUN_DIR/measured"
