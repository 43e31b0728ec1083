#!/usr/bin/env bash
# Tollgate access-check benchmark (issue 13): the gateway check (GET /api/v1/access/check) for N customers with F
# metered features each, answered from the in-memory view, at a constant offered rate (open loop, latency counted from
# when each request was due) and at saturation (wrk, closed loop), with the freshness of usage measured at that steady
# load, next to the do-nothing HTTP ceiling (../shared/perf/ceilings --http) measured in the same run.
#
# Usage: scripts/bench/access.sh [--customers N] [--features F] [--rate R] [--seconds S] [--no-ceilings] [--port N]
#   --customers N  customers, each subscribed to a plan that grants every feature (default 10,000)
#   --features F   metered features, each with its own SUM meter (default 5)
#   --rate R       checks per second offered in the open-loop run (default 10,000)
#   --seconds S    length of the measured open-loop run (default 30; 10 s at the same rate come first, not counted)
#   --no-ceilings  skip ../shared/perf/ceilings (about 70 s); the results then carry no ratio
#   --port N       first port to try for the app (default 18988)
#
# What it does: first, with the stack running and nothing else,
#   ceilings   ../shared/perf/ceilings --http: the do-nothing HTTP server's req/s and p99 on this machine; and the
#              open loop below against that same do-nothing server, for the latency any JVM endpoint gets here.
# Then it starts its own app (the service's JVM options: -Xmx512m -XX:+UseParallelGC) with its own topic, ClickHouse
# database and PostgreSQL schema (dropped at the end); creates the meters, features and plan (100 units a month per
# feature, a hard limit), N subscribed customers and one event per customer and feature (one customer in 20 over the
# limit of the first feature); waits until the access view holds every entitlement. Then:
#   openloop   R checks/s for S s over all N x F (subject, feature) pairs in turn (scripts/bench/openloop.c, a
#              one-thread epoll generator that counts latency from when each request was due, as wrk2 does), while
#              a probe posts one unit of usage every 0.5 s and times until the check shows it (freshness)
#   closed     wrk -t2 -c64 for 15 s over the same pairs: the most checks per second
#   heap       the app's heap (jstat, once a second) over both runs
# Targets: >= 20,000 checks/s closed loop; p99 <= 2 ms at 10,000/s open loop; freshness p99 <= 2 s; heap <= 512 MB.
#
# Output: a header, then `result ...` lines on stdout; progress on stderr; logs in .stack/bench/<run>/.
# Exit status 0 when every phase was measured, 1 otherwise, 2 on bad usage.
set -Eeuo pipefail
export LC_ALL=C
exec 7>&2

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
BENCH_DIR="$REPO/scripts/bench"
# shellcheck source=scripts/bench/lib.sh
. "$BENCH_DIR/lib.sh"
JAR=${BENCH_JAR:-$REPO/app/target/quarkus-app/quarkus-run.jar}
JAVA=${BENCH_JAVA:-java}
# The service's own JVM options (scripts/run.sh, the Helm chart). BENCH_JAVA_OPTS tries others, such as G1 with a
# short pause goal (-Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=10): see docs/performance.md, "Access check".
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx512m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError}"
JAVA_OPTS+=(-Dtollgate.billing.run-every=off -Dquarkus.log.level=WARN)
CUSTOMERS=${BENCH_CUSTOMERS:-10000}
FEATURES=${BENCH_FEATURES:-5}
RATE=${BENCH_RATE:-10000}
SECONDS_OPEN=${BENCH_SECONDS:-30}
CLOSED_SECONDS=15
CEILINGS=1
PORT_FROM=${BENCH_PORT:-18988}
CH_DB=tollgate_bench_access
PG_SCHEMA=tollgate_bench_access
SHARED="$REPO/../shared"

usage() { sed -n '2,/^[^#]/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
usage_error() { echo "access.sh: $*" >&2; usage | grep '^Usage:' >&2; exit 2; }
while (($#)); do
  case $1 in
    --customers) (($# >= 2)) || usage_error "--customers needs N"; CUSTOMERS=$2; shift ;;
    --features) (($# >= 2)) || usage_error "--features needs F"; FEATURES=$2; shift ;;
    --rate) (($# >= 2)) || usage_error "--rate needs R"; RATE=$2; shift ;;
    --seconds) (($# >= 2)) || usage_error "--seconds needs S"; SECONDS_OPEN=$2; shift ;;
    --no-ceilings) CEILINGS=0 ;;
    --port) (($# >= 2)) || usage_error "--port needs N"; PORT_FROM=$2; shift ;;
    --help|-h) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
  shift
done
in_range --customers "$CUSTOMERS" 1 1000000
in_range --features "$FEATURES" 1 50
in_range --rate "$RATE" 1 200000
in_range --seconds "$SECONDS_OPEN" 1 3600
in_range --port "$PORT_FROM" 1024 64999

take_run_dir access.sh
# Every pause of the app's collector, for reading a tail latency against (not a measurement of its own).
JAVA_OPTS+=("-Xlog:gc:file=$RUN_DIR/gc.log")

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$?
  set +e
  trap - EXIT ERR
  heap_stop
  [[ -n ${DISCARD_PID:-} ]] && kill "$DISCARD_PID" 2>/dev/null
  stop_app
  delete_topic
  [[ -n ${CH_URL:-} ]] && drop_data
  log "logs: $RUN_DIR"
  exit "$rc"
}
install_traps

ensure_pkg curl curl
ensure_pkg wrk wrk
ensure_pkg cc gcc
command -v python3 >/dev/null || die "no python3"
PSQL=$(command -v psql || printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)
[[ -n $PSQL && -x $PSQL ]] || die "no psql"
use_stack
if [[ ! -f $JAR && -z ${BENCH_JAR:-} ]]; then
  log "building the app (no $JAR yet)"
  ./mvnw -q -B install -DskipTests >"$RUN_DIR/build.log" 2>&1 || { show_tail "$RUN_DIR/build.log"; die "the build failed"; }
fi
# The open-loop generator, compiled here (it is C: it must not compete for the two cores like a second JVM would).
OPENLOOP=$REPO/.stack/bench/openloop
if [[ ! -x $OPENLOOP || $BENCH_DIR/openloop.c -nt $OPENLOOP ]]; then
  cc -O2 -o "$OPENLOOP" "$BENCH_DIR/openloop.c" 2>"$RUN_DIR/openloop-build.log" \
    || { show_tail "$RUN_DIR/openloop-build.log"; die "cannot compile scripts/bench/openloop.c"; }
fi
# DiscardServer (../shared/perf) runs on the app's Vert.x: the app's runtime classpath, resolved once.
CP_FILE=.stack/bench/openloop.classpath
if [[ ! -s $CP_FILE || app/pom.xml -nt $CP_FILE ]]; then
  ./mvnw -q -B dependency:build-classpath -pl app -Dmdep.outputFile="$REPO/$CP_FILE" -Dmdep.includeScope=runtime \
    >"$RUN_DIR/classpath.log" 2>&1 || { show_tail "$RUN_DIR/classpath.log"; die "cannot resolve the classpath"; }
fi
PG_DBNAME=${TOLLGATE_PG_URL##*/}
PG_DBNAME=${PG_DBNAME%%\?*}
use_bench_key
export BENCH_KEY=$KEY
drop_data
pg_sql "CREATE SCHEMA $PG_SCHEMA" >/dev/null || die "cannot create schema $PG_SCHEMA"

JV=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')
out "== Tollgate access-check benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(uname -n): $(nproc) CPUs, java $JV =="
out "app ${JAR#"$REPO"/}, commit $(git --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo '?'), ${JAVA_OPTS[*]};" \
    "$CUSTOMERS customers x $FEATURES features; open loop $RATE/s for $SECONDS_OPEN s; run $RUN"

openloop() { # openloop BASE PATHS RATE SECONDS WARMUP_SECONDS OUTFILE
  timeout -k 5 $(($4 + $5 + 120)) "$OPENLOOP" "$1" "$3" "$4" "$2" "${BENCH_CONNECTIONS:-64}" "$5" >"$6" 2>"$6.err" \
    7>&- 8>&-
}

declare -A CEIL=()
if ((CEILINGS)); then
  if [[ -x $SHARED/perf/ceilings ]]; then
    log "running ../shared/perf/ceilings --http (about 70 s; output in $RUN_DIR/ceilings.out)"
    rc=0
    (cd "$REPO" && "../shared/perf/ceilings" --http --seconds 10 >"$RUN_DIR/ceilings.out" 2>"$RUN_DIR/ceilings.err" \
      7>&- 8>&-) || rc=$?
    while read -r _ name value _; do CEIL[$name]=$value; done < <(awk '$1 == "ceiling"' "$RUN_DIR/ceilings.out")
    grep '^== ceilings on' "$RUN_DIR/ceilings.out" | while read -r line; do out "$line"; done || true
    ((rc == 0)) || out "ceilings: exited $rc (see $RUN_DIR/ceilings.err)"
  else
    out "ceilings: skipped ($SHARED/perf/ceilings is missing)"
  fi
fi

# The same open loop against the do-nothing server of ../shared/perf (compiled from its source, on the app's Vert.x):
# the latency this machine gives any JVM HTTP endpoint at this rate, with this generator beside it.
DISCARD_P99=""
if [[ -f $SHARED/perf/src/DiscardServer.java ]]; then
  mkdir -p "$RUN_DIR/discard"
  if javac -cp "$(cat "$CP_FILE")" -d "$RUN_DIR/discard" "$SHARED/perf/src/DiscardServer.java" 2>"$RUN_DIR/discard.log"; then
    DPORT=$((PORT_FROM + 500))
    while port_listening "$DPORT"; do DPORT=$((DPORT + 1)); done
    "$JAVA" -cp "$RUN_DIR/discard:$(cat "$CP_FILE")" DiscardServer "$DPORT" 2 >>"$RUN_DIR/discard.log" 2>&1 7>&- 8>&- &
    DISCARD_PID=$!
    for _ in $(seq 1 100); do grep -q LISTENING "$RUN_DIR/discard.log" && break; sleep 0.1; done
    printf '/discard\n' >"$RUN_DIR/discard.paths"
    log "ceiling: the same open loop against the do-nothing server, $RATE/s"
    BENCH_KEY=none openloop "http://127.0.0.1:$DPORT" "$RUN_DIR/discard.paths" "$RATE" "$SECONDS_OPEN" 10 \
      "$RUN_DIR/discard.out" || log "the open loop against the do-nothing server failed"
    kill "$DISCARD_PID" 2>/dev/null; wait "$DISCARD_PID" 2>/dev/null || true
    DISCARD_P99=$(sed -n 's/.* p99=\([^ ]*\).*/\1/p' "$RUN_DIR/discard.out")
  else
    log "could not compile DiscardServer.java (see $RUN_DIR/discard.log)"
  fi
fi

start_app
T0=$(date +%s)
python3 "$BENCH_DIR/access.py" setup --base "$BASE" --customers "$CUSTOMERS" --features "$FEATURES" \
  --out "$RUN_DIR/paths" >"$RUN_DIR/setup" 2> >(tee -a "$RUN_DIR/bench.log" >&7) || die "setup failed"
log "set up in $(( $(date +%s) - T0 )) s; waiting for the access view"
ENTRIES=$((CUSTOMERS * FEATURES + 1))
python3 "$BENCH_DIR/access.py" wait --base "$BASE" --mgmt "$MGMT" --entries "$ENTRIES" || die "the view did not fill"

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$2"; }

heap_start "$RUN_DIR/heap"
log "open loop: $RATE/s, 10 s of warm-up then $SECONDS_OPEN s measured, with the freshness probe"
(sleep 10 && exec python3 "$BENCH_DIR/access.py" freshness --base "$BASE" --seconds "$SECONDS_OPEN" \
  --out "$RUN_DIR/freshness") 2>>"$RUN_DIR/bench.log" 7>&- 8>&- &
PROBE_PID=$!
BENCH_KEY=$KEY openloop "$BASE" "$RUN_DIR/paths" "$RATE" "$SECONDS_OPEN" 10 "$RUN_DIR/openloop.out" || { show_tail "$RUN_DIR/openloop.out.err"; die "the open loop failed"; }
wait "$PROBE_PID" || die "the freshness probe failed"
log "$(cat "$RUN_DIR/openloop.out")"

log "closed loop: wrk -t2 -c64 for $CLOSED_SECONDS s"
PATHS=$RUN_DIR/paths AUTH="Bearer $KEY" timeout -k 5 $((CLOSED_SECONDS + 30)) wrk -t2 -c64 -d"${CLOSED_SECONDS}s" \
  --latency -s "$BENCH_DIR/access.lua" "$BASE" >"$RUN_DIR/closed.out" 2>&1 8>&- || die "wrk failed"
heap_stop
CLOSED_RPS=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$RUN_DIR/closed.out")
CLOSED_P99=$(awk '$1 == "99%" { v = $2; x = v + 0; if (v ~ /us$/) x /= 1000; else if (v ~ /s$/ && v !~ /ms$/) x *= 1000; printf "%.2f", x }' "$RUN_DIR/closed.out")
CLOSED_ERR=$(awk '/Socket errors/ { print } /Non-2xx/ { print "429 and 403 answers:", $NF }' "$RUN_DIR/closed.out" \
  | tr '\n' ' ' | sed 's/ *$//')
read -r -a HEAP <<<"$(heap_summary "$RUN_DIR/heap")"
OPEN_P99=$(field p99 "$RUN_DIR/openloop.out")
OPEN_P50=$(field p50 "$RUN_DIR/openloop.out")
OPEN_P999=$(field p999 "$RUN_DIR/openloop.out")
OPEN_ACH=$(field achieved "$RUN_DIR/openloop.out")
OPEN_ERR=$(field errors "$RUN_DIR/openloop.out")
STATUSES=$(sed -n 's/.*statuses=\(.*\)$/\1/p' "$RUN_DIR/openloop.out")
sort -n "$RUN_DIR/freshness" >"$RUN_DIR/freshness.sorted"
SAMPLES=$(wc -l <"$RUN_DIR/freshness.sorted")
FRESH_P50=$(awk -v n="$SAMPLES" 'NR == int((n + 1) / 2) { print }' "$RUN_DIR/freshness.sorted")
FRESH_P99=$(awk -v n="$SAMPLES" 'BEGIN { k = int(n * 0.99 + 0.999); if (k < 1) k = 1 } NR == k { print }' "$RUN_DIR/freshness.sorted")
verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = dir == "le" ? v + 0 <= t : v + 0 >= t; print ok ? "PASS" : "FAIL" }'; }
ratio() { [[ -n ${2:-} ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || echo "n/a"; }

out "result access.closed $CLOSED_RPS checks/s (wrk -t2 -c64, p99 $CLOSED_P99 ms${CLOSED_ERR:+; $CLOSED_ERR})" \
    " ceiling http.discard.single ${CEIL[http.discard.single]:-n/a} req/s ratio $(ratio "$CLOSED_RPS" "${CEIL[http.discard.single]:-}")" \
    " target >= 20000: $(verdict "$CLOSED_RPS" 20000 ge)"
out "result access.open.p99 $OPEN_P99 ms at $RATE/s offered ($OPEN_ACH/s answered, p50 $OPEN_P50 ms, p99.9 $OPEN_P999 ms," \
    "errors $OPEN_ERR, statuses $STATUSES) ceiling openloop.discard.p99 ${DISCARD_P99:-n/a} ms (the do-nothing server," \
    "same generator and rate) ratio $(ratio "$OPEN_P99" "${DISCARD_P99:-}")  target <= 2 ms: $(verdict "$OPEN_P99" 2 le)"
out "result access.freshness.p99 $FRESH_P99 ms (p50 $FRESH_P50 ms, $SAMPLES samples at steady load)" \
    " target <= 2000 ms: $(verdict "$FRESH_P99" 2000 le)"
out "result access.heap ${HEAP[0]} MB max used (-Xmx512m; GC ${HEAP[1]:-?} s in ${HEAP[2]:-?} collections)" \
    " target <= 512 MB: $(verdict "${HEAP[0]}" 512 le)"
