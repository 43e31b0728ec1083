#!/usr/bin/env bash
# Tollgate notification freshness benchmark (issue 14): from sending the usage event that makes a customer's usage
# reach a balance threshold to the webhook for it arriving at a local receiver, at a steady offered load of usage
# events. A benchmark, not a test: it measures and prints PASS/FAIL against the target, it does not assert it.
#
# Usage: scripts/bench/notifications.sh [--customers N] [--grant G] [--rate R] [--seconds S] [--ramp D]
#                                       [--warmup W] [--tail T] [--ceilings] [--port N] [--help]
#   --customers N  customers, each with a metered entitlement of G units a month to one feature (default 1,000)
#   --grant G      units granted to each customer (default 100)
#   --rate R       usage events per second offered, 1 unit each, at a fixed rate (open loop; default 2,000)
#   --seconds S    the measured run, in which every customer crosses 50, 80 and 100 % (default 120)
#   --ramp D       seconds each customer takes from 0 to G units (default 40, i.e. G/D = 2.5 units/s each)
#   --warmup W     seconds of the same load before the measured run, no crossings in it (default 20)
#   --tail T       seconds of the same load after it, while the last webhooks arrive (default 15)
#   --ceilings     also run ../shared/perf/ceilings --http --kafka --clickhouse first (about 2 min), for the record
#                  of this machine's state; none of its figures bounds this latency, so no ratio is made
#   --port N       first port to try for the app (default 19088)
#
# What it does: starts a webhook receiver (scripts/bench/notifications.py receive: a local HTTP server that answers
# 204 and records the receive time, the payload's customer and threshold and whether the Standard Webhooks
# signature verifies), then its own app (the service's JVM options: -Xmx512m -XX:+UseParallelGC; the billing
# schedule off; -Dtollgate.notifications.webhook.allow-private-targets=true so that it may call 127.0.0.1; a fresh
# random secrets master key, which creating a channel needs) with its own Kafka topic, ClickHouse database and
# PostgreSQL schema (all dropped at the end). It creates a SUM meter and feature, N customers each with a metered
# entitlement (issue G, monthly), one WEBHOOK channel to the receiver and one entitlements.balance.threshold rule
# with usage_percentage thresholds 50, 80 and 100; it waits until the access view holds every entitlement. Then:
#   load       notifications.py load offers R events/s on a fixed schedule (one CloudEvents batch POST every
#              BENCH_TICK_MS, sent by BENCH_SENDERS threads so that a slow answer delays no later POST): W s of
#              warm-up, S s measured, T s of tail. In the measured S s customer c gets its G units evenly over D s
#              from c * (S - D) / N s on, so that every level is crossed once per customer and the crossings
#              (3N in all, 37.5/s by default) are spread evenly over the run; the rest of the rate goes to subjects
#              of no customer. It records when each POST was due and sent, and for each crossing event (the 50th,
#              80th and 100th unit of a customer) when it was sent.
#   drain      waits up to BENCH_DRAIN s after the load for webhooks still missing
#   report     freshness = receive time of the first webhook for (customer, level) - send time of the event that
#              made the customer's usage reach that level (when the POST carrying it started: not when the app
#              accepted or processed it). A webhook never received counts as infinitely late in the percentiles.
#              Every expected (customer, level) must arrive, once: a second event for one is counted as "twice"
#              (a redelivery of the same webhook-id is counted apart, as Standard Webhooks allows it).
# Target: freshness p99 <= 5 s, none missing, none twice. The run is valid only if the generator held its schedule
# (POSTs sent at most 100 ms after they were due at p99, and none failed); the p99 counted from when the POST was
# due is printed too.
# Ceilings: none applies. ../shared/perf/ceilings measures saturated HTTP ingest, Kafka produce and ClickHouse insert
# throughput; none bounds the time from an event to a webhook at a fixed offered rate (see CEILINGS.md section 3).
#
# Output: a header, then `result ...` lines and one `summary ...` line on stdout (also in results.txt and
# summary.txt); progress on stderr; the app log, the GC log, every POST's times (batches), every crossing
# (crossings), every webhook received (received) and every freshness (freshness) in .stack/bench/<run>/.
# Exit status: 0 when the run was measured and valid (whatever the target says), 1 otherwise, 2 on bad usage.
#
# Environment: BENCH_CUSTOMERS, BENCH_RATE, BENCH_SECONDS (the defaults of those options), BENCH_TICK_MS (20),
#   BENCH_SENDERS (4), BENCH_DRAIN (60), BENCH_JAVA (java), BENCH_JAVA_OPTS (-Xmx512m -XX:+UseParallelGC),
#   BENCH_JAR (app/target/quarkus-app/quarkus-run.jar), BENCH_KEEP_TOPIC=1.
set -Eeuo pipefail
export LC_ALL=C
exec 7>&2

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
BENCH_DIR="$REPO/scripts/bench"
# shellcheck source=scripts/bench/lib.sh
. "$BENCH_DIR/lib.sh"
JAR=${BENCH_JAR:-$REPO/app/target/quarkus-app/quarkus-run.jar}
JAVA=${BENCH_JAVA:-java}
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx512m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError}"
JAVA_OPTS+=(-Dtollgate.billing.run-every=off -Dquarkus.log.level=WARN
  -Dtollgate.notifications.webhook.allow-private-targets=true)
CUSTOMERS=${BENCH_CUSTOMERS:-1000}
GRANT=100
RATE=${BENCH_RATE:-2000}
SECONDS_RUN=${BENCH_SECONDS:-120}
RAMP=40
WARMUP=20
TAIL=15
LEVELS=50,80,100
TARGET_S=5
TICK_MS=${BENCH_TICK_MS:-20}
SENDERS=${BENCH_SENDERS:-4}
DRAIN=${BENCH_DRAIN:-60}
CEILINGS=0
PORT_FROM=${BENCH_PORT:-19088}
CH_DB=tollgate_bench_notifications
PG_SCHEMA=tollgate_bench_notifications
SHARED="$REPO/../shared"
CLK_TCK=$(getconf CLK_TCK)

usage() { sed -n '2,/^[^#]/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
usage_error() { echo "notifications.sh: $*" >&2; usage | sed -n '/^Usage:/,/^ *\[--warmup/p' >&2; exit 2; }
while (($#)); do
  case $1 in
    --customers) (($# >= 2)) || usage_error "--customers needs N"; CUSTOMERS=$2; shift ;;
    --grant) (($# >= 2)) || usage_error "--grant needs G"; GRANT=$2; shift ;;
    --rate) (($# >= 2)) || usage_error "--rate needs R"; RATE=$2; shift ;;
    --seconds) (($# >= 2)) || usage_error "--seconds needs S"; SECONDS_RUN=$2; shift ;;
    --ramp) (($# >= 2)) || usage_error "--ramp needs D"; RAMP=$2; shift ;;
    --warmup) (($# >= 2)) || usage_error "--warmup needs W"; WARMUP=$2; shift ;;
    --tail) (($# >= 2)) || usage_error "--tail needs T"; TAIL=$2; shift ;;
    --ceilings) CEILINGS=1 ;;
    --port) (($# >= 2)) || usage_error "--port needs N"; PORT_FROM=$2; shift ;;
    --help|-h) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
  shift
done
CUSTOMERS=${CUSTOMERS//[,_]/} RATE=${RATE//[,_]/}
in_range --customers "$CUSTOMERS" 1 1000000
in_range --grant "$GRANT" 1 1000000
in_range --rate "$RATE" 1 100000
in_range --seconds "$SECONDS_RUN" 2 3600
in_range --ramp "$RAMP" 1 3599
in_range --warmup "$WARMUP" 0 600
in_range --tail "$TAIL" 0 600
in_range --port "$PORT_FROM" 1024 64999
in_range BENCH_TICK_MS "$TICK_MS" 1 1000
in_range BENCH_SENDERS "$SENDERS" 1 64
in_range BENCH_DRAIN "$DRAIN" 0 3600
((RAMP < SECONDS_RUN)) || usage_error "--ramp ($RAMP s) must be shorter than --seconds ($SECONDS_RUN s)"
# While customers ramp, they take N * G / (S - D) events/s; the rate must cover that.
RAMP_RATE=$(calc %.0f "$CUSTOMERS * $GRANT / ($SECONDS_RUN - $RAMP)")
((RAMP_RATE <= RATE)) || usage_error "$CUSTOMERS customers x $GRANT units over $((SECONDS_RUN - RAMP)) s need" \
  "$RAMP_RATE events/s, more than --rate $RATE: fewer customers, a higher rate or a longer run"
# Only the highest level reached fires: a customer must not pass two levels between two looks at its balance
# (usage committed every 0.5-1 s, read every 0.5 s), so levels must be several seconds apart at G/D units/s.
# The closest levels, 80 and 100 %, are 0.2 * D s apart.
[[ $(calc %d "($RAMP * 20 / 100 >= 4)") == 1 ]] || usage_error "--ramp $RAMP s puts 80 % and 100 % only" \
  "$(calc %.1f "$RAMP * 0.2") s apart; the app may see both at once and send only 100 % (at least 20 s)"

take_run_dir notifications.sh
JAVA_OPTS+=("-Xlog:gc:file=$RUN_DIR/gc.log")

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$?
  set +e
  trap - EXIT ERR
  if [[ -n ${LOAD_PID:-} ]]; then kill -TERM "$LOAD_PID" 2>/dev/null; wait "$LOAD_PID" 2>/dev/null; fi
  heap_stop
  stop_app
  if [[ -n ${RECV_PID:-} ]]; then kill -TERM "$RECV_PID" 2>/dev/null; wait "$RECV_PID" 2>/dev/null; fi
  delete_topic
  [[ -n ${CH_URL:-} ]] && drop_data
  log "logs: $RUN_DIR"
  exit "$rc"
}
install_traps

ensure_pkg curl curl
command -v python3 >/dev/null || die "no python3"
PSQL=$(command -v psql || printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)
[[ -n $PSQL && -x $PSQL ]] || die "no psql"
use_stack
if [[ ! -f $JAR && -z ${BENCH_JAR:-} ]]; then
  log "building the app (no $JAR yet)"
  ./mvnw -q -B install -DskipTests >"$RUN_DIR/build.log" 2>&1 \
    || { show_tail "$RUN_DIR/build.log"; die "the build failed"; }
fi
PG_DBNAME=${TOLLGATE_PG_URL##*/}
PG_DBNAME=${PG_DBNAME%%\?*}
use_bench_key
export BENCH_KEY=$KEY
# Channels' signing secrets are stored sealed under the master key: a fresh one per run, for a schema dropped at the
# end; it reaches the app through the environment (not -D, so not in ps). The channel's signing secret likewise.
TOLLGATE_SECRETS_MASTER_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
BENCH_WEBHOOK_SECRET=whsec_$(head -c 32 /dev/urandom | base64 | tr -d '\n')
export TOLLGATE_SECRETS_MASTER_KEY BENCH_WEBHOOK_SECRET
drop_data
pg_sql "CREATE SCHEMA $PG_SCHEMA" >/dev/null || die "cannot create schema $PG_SCHEMA"

BUSY=$( { head -n 1 /proc/stat; sleep 1; head -n 1 /proc/stat; } | awk '
  { t = 0; for (i = 2; i <= 9; i++) t += $i; idle = $5 + $6 }
  NR == 1 { t0 = t; i0 = idle } NR == 2 { printf "%.0f", 100 * (1 - (idle - i0) / (t - t0)) }')
JV=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')
out "== Tollgate notification freshness benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(uname -n):" \
    "$(nproc) CPUs, java $JV, CPUs ${BUSY}% busy before =="
out "app ${JAR#"$REPO"/}, commit $(git --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo '?'),"  \
    "${JAVA_OPTS[*]}"
out "load: $RATE events/s offered (1 unit each, a POST every $TICK_MS ms, $SENDERS senders) for $WARMUP s warm-up" \
    "+ $SECONDS_RUN s measured + $TAIL s tail; $CUSTOMERS customers x $GRANT units, each ramping over $RAMP s" \
    "($(calc %.2f "$GRANT / $RAMP") units/s), thresholds $LEVELS %; run $RUN"
((BUSY <= 20)) || log "warning: the CPUs were ${BUSY}% busy before the run; other work slows every figure"

if ((CEILINGS)); then
  if [[ -x $SHARED/perf/ceilings ]]; then
    log "running ../shared/perf/ceilings --http --kafka --clickhouse (about 2 min; output in $RUN_DIR/ceilings.out)"
    rc=0
    (cd "$REPO" && "../shared/perf/ceilings" --http --kafka "$KAFKA" --clickhouse "$CH_URL" \
      >"$RUN_DIR/ceilings.out" 2>"$RUN_DIR/ceilings.err" 7>&- 8>&-) || rc=$?
    sed -n '/^== ceilings on/,$p' "$RUN_DIR/ceilings.out" | while IFS= read -r line; do out "$line"; done || true
    ((rc == 0)) || out "ceilings: exited $rc (see $RUN_DIR/ceilings.err)"
  else
    out "ceilings: skipped ($SHARED/perf/ceilings is missing)"
  fi
fi

log "starting the webhook receiver"
: >"$RUN_DIR/received"
python3 "$BENCH_DIR/notifications.py" receive --port-file "$RUN_DIR/receiver.port" --out "$RUN_DIR/received" \
  2>>"$RUN_DIR/receiver.err" 7>&- 8>&- &
RECV_PID=$!
for _ in $(seq 1 100); do [[ -s $RUN_DIR/receiver.port ]] && break; sleep 0.1; done
[[ -s $RUN_DIR/receiver.port ]] || { show_tail "$RUN_DIR/receiver.err"; die "the receiver did not start"; }
HOOK="http://127.0.0.1:$(cat "$RUN_DIR/receiver.port")/tollgate"
RECV_PID_STAT=$RECV_PID

start_app
T0=$(date +%s)
python3 "$BENCH_DIR/notifications.py" setup --base "$BASE" --customers "$CUSTOMERS" --grant "$GRANT" \
  --levels "$LEVELS" --hook "$HOOK" 2> >(tee -a "$RUN_DIR/bench.log" >&7) || die "setup failed"
log "set up in $(( $(date +%s) - T0 )) s; waiting for the access view to hold $CUSTOMERS entitlements"
for i in $(seq 1 300); do
  ENTRIES=$(curl -sS --max-time 10 "$MGMT/q/metrics" 2>/dev/null \
    | awk '$1 == "tollgate_access_view_entries" || index($1, "tollgate_access_view_entries{") == 1 { s += $NF }
           END { printf "%.0f", s }')
  ((ENTRIES >= CUSTOMERS)) && break
  ((i < 300)) || die "the access view holds $ENTRIES entitlements after 10 min, not $CUSTOMERS"
  sleep 2
done
sleep 3   # the threshold watch reads the rules every 2 s (tollgate.notifications.outbox.rule-refresh-every)
if [[ -s $RUN_DIR/received ]]; then log "warning: webhooks arrived before the load: $(wc -l <"$RUN_DIR/received")"; fi

metrics_to() { curl -sS --max-time 10 "$MGMT/q/metrics" >"$1" 2>/dev/null || : >"$1"; }
metric() { awk -v n="$2" '$1 == n || index($1, n "{") == 1 { s += $NF } END { printf "%.6f", s }' "$1"; }
cpu() { # cpu PID...: their CPU ticks, summed
  local p s=0
  for p in "$@"; do s=$((s + $(proc_ticks "$p"))); done
  echo "$s"
}

heap_start "$RUN_DIR/heap"
log "load: $RATE events/s, $WARMUP s warm-up, $SECONDS_RUN s measured, $TAIL s tail"
python3 "$BENCH_DIR/notifications.py" load --base "$BASE" --customers "$CUSTOMERS" --grant "$GRANT" \
  --levels "$LEVELS" --rate "$RATE" --seconds "$SECONDS_RUN" --ramp "$RAMP" --warmup "$WARMUP" --tail "$TAIL" \
  --tick-ms "$TICK_MS" --senders "$SENDERS" --tag "nf-$RUN" --crossings "$RUN_DIR/crossings" \
  --batches "$RUN_DIR/batches" 2> >(tee -a "$RUN_DIR/bench.log" >&7) 7>&- 8>&- &
LOAD_PID=$!
# CPU over the measured seconds only: app, Kafka, ClickHouse, and the load generator with the receiver.
sleep "$WARMUP"
metrics_to "$RUN_DIR/metrics-start"
read -r A0 K0 C0 G0 <<<"$(cpu "$APP_PID") $(cpu "$KAFKA_PID") $(cpu "$CH_PID") $(cpu "$LOAD_PID" "$RECV_PID_STAT")"
thread_ticks "$APP_PID" >"$RUN_DIR/threads-start"
sleep "$SECONDS_RUN"
read -r A1 K1 C1 G1 <<<"$(cpu "$APP_PID") $(cpu "$KAFKA_PID") $(cpu "$CH_PID") $(cpu "$LOAD_PID" "$RECV_PID_STAT")"
thread_ticks "$APP_PID" >"$RUN_DIR/threads-end"
rc=0
wait "$LOAD_PID" || rc=$?
LOAD_PID=""
LOAD_END=$(date +%s.%N)
((rc == 0)) || die "the load generator failed (exit $rc)"
metrics_to "$RUN_DIR/metrics-end"
heap_stop

EXPECTED=$(wc -l <"$RUN_DIR/crossings")
seen() { awk '$3 == "entitlements.balance.threshold" { k[$4 " " $6] = 1 } END { print length(k) }' \
  "$RUN_DIR/received"; }
log "load done; $(seen) of $EXPECTED thresholds heard of; waiting up to $DRAIN s for the rest"
for _ in $(seq 1 "$DRAIN"); do
  (($(seen) >= EXPECTED)) && break
  sleep 1
done
sleep 3   # anything sent twice arrives now
kill -TERM "$RECV_PID" 2>/dev/null || true
wait "$RECV_PID" 2>/dev/null || true
RECV_PID=""

python3 "$BENCH_DIR/notifications.py" report --levels "$LEVELS" --crossings "$RUN_DIR/crossings" \
  --received "$RUN_DIR/received" --batches "$RUN_DIR/batches" --load-end "$LOAD_END" \
  --out "$RUN_DIR/freshness" >"$RUN_DIR/report" || die "the report failed"
declare -A R=()
while IFS='=' read -r k v; do R[$k]=$v; done <"$RUN_DIR/report"

CPU_LINE=$(awk -v a=$((A1 - A0)) -v k=$((K1 - K0)) -v c=$((C1 - C0)) -v g=$((G1 - G0)) -v hz="$CLK_TCK" \
  -v s="$SECONDS_RUN" 'BEGIN { printf "app %.2f, kafka %.2f, clickhouse %.2f, load generator and receiver %.2f", \
  a / hz / s, k / hz / s, c / hz / s, g / hz / s }')
DELAY_N=$(metric "$RUN_DIR/metrics-end" tollgate_notifications_delivery_delay_seconds_count)
DELAY_SUM=$(metric "$RUN_DIR/metrics-end" tollgate_notifications_delivery_delay_seconds_sum)
DELAY_MAX=$(metric "$RUN_DIR/metrics-end" tollgate_notifications_delivery_delay_seconds_max)
ATTEMPTS_FAILED=$(awk '/^tollgate_notifications_attempts_total\{/ && /outcome="failed"/ { s += $NF }
  END { printf "%.0f", s }' "$RUN_DIR/metrics-end")
LAG=$(metric "$RUN_DIR/metrics-end" tollgate_aggregator_lag_events)
read -r -a HEAP <<<"$(heap_summary "$RUN_DIR/heap")"

VALID=1 WHY=""
if [[ ${R[posts_failed]} != 0 ]]; then VALID=0 WHY+="${R[posts_failed]} POSTs failed; "; fi
if ! awk -v v="${R[lag_p99_ms]}" 'BEGIN { exit !(v != "n/a" && v + 0 <= 100) }'; then
  VALID=0 WHY+="POSTs went out ${R[lag_p99_ms]} ms after they were due at p99 (the generator fell behind, or the"
  WHY+=" app answered too slowly for BENCH_SENDERS=$SENDERS): read the p99 from when they were due; "
fi
VERDICT=PASS REASONS=""
if ! awk -v v="${R[p99]}" -v t="$TARGET_S" 'BEGIN { exit !(v != "missing" && v != "n/a" && v + 0 <= t) }'; then
  VERDICT=FAIL REASONS+="p99 ${R[p99]} s > $TARGET_S s; "
fi
if [[ ${R[missing]} != 0 ]]; then VERDICT=FAIL REASONS+="${R[missing]} missing; "; fi
if [[ ${R[twice]} != 0 ]]; then VERDICT=FAIL REASONS+="${R[twice]} twice; "; fi
if ((VALID == 0)); then VERDICT=INVALID REASONS="$WHY"; fi

out ""
out "result notifications.freshness.p99 ${R[p99]} s  target <= $TARGET_S s: $VERDICT${REASONS:+ (${REASONS%; })}"
out "result notifications.freshness count ${R[count]} p50 ${R[p50]} s p90 ${R[p90]} s p99 ${R[p99]} s" \
    "max ${R[max]} s (from the crossing event's send; p99 from when its POST was due ${R[p99_from_due]} s)"
out "result notifications.freshness.by_level ${R[levels]}"
out "result notifications.thresholds expected ${R[expected]} received ${R[received]} missing ${R[missing]}" \
    "twice ${R[twice]} (redelivered ${R[redelivered]}, not expected ${R[unexpected]}, other ${R[other]}," \
    "bad signatures ${R[bad_signatures]}, first heard after the load ended ${R[after_load]})"
out "result notifications.load ${R[achieved]} events/s of $RATE offered (${R[events]} events in ${R[posts]} POSTs," \
    "${R[posts_failed]} failed; sent late p99 ${R[lag_p99_ms]} ms max ${R[lag_max_ms]} ms; answered p50" \
    "${R[post_p50_ms]} ms p99 ${R[post_p99_ms]} ms)"
out "result notifications.app delivery delay (event made -> delivered) mean $(calc %.3f \
    "($DELAY_N > 0 ? $DELAY_SUM / $DELAY_N : 0)") s max $(calc %.3f "$DELAY_MAX") s over $(calc %.0f "$DELAY_N")" \
    "deliveries, $ATTEMPTS_FAILED failed attempts; aggregator lag at the end $(calc %.0f "$LAG") events"
out "result notifications.cpu cores over the measured $SECONDS_RUN s: $CPU_LINE (app threads:" \
    "$(thread_split "$RUN_DIR/threads-start" "$RUN_DIR/threads-end"))"
out "result notifications.heap ${HEAP[0]} MB max used (GC ${HEAP[1]:-?} s in ${HEAP[2]:-?} collections)"
out "ceiling none applies: ../shared/perf/ceilings measures saturated ingest, Kafka and ClickHouse throughput;" \
    "none bounds event-to-webhook latency at a fixed offered rate, so no ratio"
SUMMARY="summary notifications $VERDICT: freshness p99 ${R[p99]} s (target <= $TARGET_S s), p50 ${R[p50]} s,"
SUMMARY+=" max ${R[max]} s; ${R[received]}/${R[expected]} thresholds, ${R[missing]} missing, ${R[twice]} twice;"
SUMMARY+=" ${R[achieved]}/$RATE events/s, $CUSTOMERS customers; run $RUN"
out "$SUMMARY"
printf '%s\n' "$SUMMARY" >"$RUN_DIR/summary.txt"
((VALID)) || exit 1
