#!/usr/bin/env bash
# Tollgate invoicing benchmark (issue 11): one billing run that closes a monthly cycle for N customers with usage-based
# subscriptions whose usage sits in ClickHouse, timed, next to the same quantities read directly in one ClickHouse
# query in the same run. A benchmark, not a test: it measures and prints PASS/FAIL against the target.
#
# Usage: scripts/bench/invoicing.sh [--customers N] [--events E] [--port N] [--help]
#   --customers N  customers, each with one subject and one subscription (default 10,000; also BENCH_CUSTOMERS)
#   --events E     usage events per customer (default 20; also BENCH_EVENTS_PER_CUSTOMER)
#   --port N       first port to try for the app (default 18988)
#
# What it does: starts its own app (java -Xmx512m -XX:+UseParallelGC, the billing schedule off) with its own Kafka
# topic, ClickHouse database and PostgreSQL schema (all dropped at the end); creates a SUM meter, a feature and a plan
# (a monthly fee of 10 USD in advance, tokens at 0.00001 USD) and N customers subscribed from a start one month and
# three hours ago, so that the first period has just closed; posts E events per customer in that period and waits
# until the meter shows them all. Then:
#   direct   the quantities of every customer for the period in one ClickHouse query over the meter's per-subject
#            minute windows (median of 5, after one warm-up)
#   run      POST /api/v1/billing/runs: syncs the N subscriptions (the new period's lines), collects N invoices (the
#            first period's usage and both periods' fees), numbers and issues them
#   check    every customer has exactly one invoice, numbers are distinct, and the totals are what the events and
#            fees come to, to the cent
# Target: the run takes at most 60 s for 10,000 customers. The ratio is run / direct.
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
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx512m -XX:+UseParallelGC}"
JAVA_OPTS+=(-Dtollgate.billing.run-every=off)
CUSTOMERS=${BENCH_CUSTOMERS:-10000}
EVENTS=${BENCH_EVENTS_PER_CUSTOMER:-20}
PORT_FROM=${BENCH_PORT:-18988}
CH_DB=tollgate_bench_invoicing
PG_SCHEMA=tollgate_bench_invoicing
TARGET_SECONDS=60

usage() { sed -n '2,/^[^#]/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
usage_error() { echo "invoicing.sh: $*" >&2; usage | grep '^Usage:' >&2; exit 2; }
while (($#)); do
  case $1 in
    --customers) (($# >= 2)) || usage_error "--customers needs N"; CUSTOMERS=$2; shift ;;
    --events) (($# >= 2)) || usage_error "--events needs E"; EVENTS=$2; shift ;;
    --port) (($# >= 2)) || usage_error "--port needs N"; PORT_FROM=$2; shift ;;
    --help|-h) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
  shift
done
in_range --customers "$CUSTOMERS" 1 1000000
in_range --events "$EVENTS" 1 10000
in_range --port "$PORT_FROM" 1024 64999

take_run_dir invoicing.sh

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$?
  set +e
  trap - EXIT ERR
  stop_app
  delete_topic
  [[ -n ${CH_URL:-} ]] && drop_data
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
out "== Tollgate invoicing benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(uname -n): $(nproc) CPUs, java $JV =="
out "app ${JAR#"$REPO"/}, commit $(git --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo '?'), ${JAVA_OPTS[*]};" \
    "$CUSTOMERS customers, $EVENTS events each; run $RUN"

start_app
# The first period started one month and three hours ago, on a whole hour: it closed three hours ago, past its
# one-hour collection interval, and every event is within the ingest lateness (32 days).
START=$(python3 -c "
import calendar, time
t = time.gmtime(time.time() - 3 * 3600)
y, m = (t.tm_year - 1, 12) if t.tm_mon == 1 else (t.tm_year, t.tm_mon - 1)
print(calendar.timegm((y, m, min(t.tm_mday, 28), t.tm_hour, 0, 0)))")
T0=$(date +%s)
python3 "$BENCH_DIR/invoicing.py" setup --base "$BASE" --customers "$CUSTOMERS" --events "$EVENTS" --start "$START" \
  --out "$RUN_DIR/setup" 2> >(tee -a "$RUN_DIR/bench.log" >&7) || die "setup failed"
read -r METER_ID TOKENS EXPECTED <"$RUN_DIR/setup"
log "set up in $(( $(date +%s) - T0 )) s; waiting until the meter shows all $TOKENS tokens"
python3 "$BENCH_DIR/invoicing.py" wait --base "$BASE" --tokens "$TOKENS" || die "the events did not all arrive"
END=$(python3 -c "
import calendar, time
t = time.gmtime($START)
y, m = (t.tm_year + 1, 1) if t.tm_mon == 12 else (t.tm_year, t.tm_mon + 1)
print(calendar.timegm((y, m, t.tm_mday, t.tm_hour, 0, 0)))")

SQL="SELECT subject, sumMerge(value_sum) AS tokens FROM $CH_DB.meter_windows_agg WHERE namespace = 'default'
 AND meter_id = '$METER_ID' AND window_seconds = 60 AND subject != '' AND window_start >= toDateTime($START)
 AND window_start < toDateTime($END) GROUP BY subject FORMAT TabSeparated"
printf '%s\n' "$SQL" >"$RUN_DIR/direct.sql"
ch_sql "$SQL" >"$RUN_DIR/direct.tsv"
rows=$(wc -l <"$RUN_DIR/direct.tsv")
((rows == CUSTOMERS)) || die "the direct query found $rows subjects, not $CUSTOMERS"
for i in 1 2 3 4 5; do
  s=$(date +%s%N); ch_sql "$SQL" >/dev/null; echo $(( ($(date +%s%N) - s) / 1000000 ))
done | sort -n >"$RUN_DIR/direct.ms"
DIRECT_MS=$(sed -n 3p "$RUN_DIR/direct.ms")
log "direct ClickHouse query: median $DIRECT_MS ms of 5 ($(tr '\n' ' ' <"$RUN_DIR/direct.ms"))"

log "billing run for $CUSTOMERS customers"
python3 "$BENCH_DIR/invoicing.py" run --base "$BASE" --out "$RUN_DIR/run" || die "the billing run failed"
read -r RUN_SECONDS RUN_ANSWER <"$RUN_DIR/run"
log "billing run: $RUN_SECONDS s: $RUN_ANSWER"
CHECK=$(python3 "$BENCH_DIR/invoicing.py" check --base "$BASE" --customers "$CUSTOMERS" --expected "$EXPECTED") \
  || die "the invoices are wrong"
read -r INVOICES TOTAL <<<"$CHECK"

out "result invoicing.run $RUN_SECONDS s for $CUSTOMERS customers, $INVOICES invoices totalling $TOTAL USD (as expected)" \
    " target <= $TARGET_SECONDS s: $(awk -v v="$RUN_SECONDS" -v t="$TARGET_SECONDS" 'BEGIN { print v + 0 <= t ? "PASS" : "FAIL" }')"
out "result invoicing.direct $DIRECT_MS ms (one ClickHouse query, the same $CUSTOMERS quantities)" \
    " ratio $(awk -v a="$RUN_SECONDS" -v b="$DIRECT_MS" 'BEGIN { printf "%.0f", a * 1000 / (b > 0 ? b : 1) }')"
out "result invoicing.per_customer $(awk -v a="$RUN_SECONDS" -v n="$CUSTOMERS" 'BEGIN { printf "%.2f", a * 1000 / n }') ms"
