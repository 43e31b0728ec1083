#!/usr/bin/env bash
# Tollgate ingest benchmark: drives the packaged app with wrk (closed loop) and scripts/bench/openloop.c (open loop),
# checks that every accepted event shows up in meter queries and times the raw-event archive's catch-up, then measures
# this machine's ceilings (../shared/perf/ceilings) and prints each figure as a ratio to its ceiling
# (../shared/perf/CEILINGS.md, section 3). A benchmark, not a test: it measures, it does not assert.
#
# Usage: scripts/bench/ingest.sh [--build] [--seconds N] [--scenarios LIST] [--sustained] [--no-ceilings] [--port N]
#   --build           run ./mvnw -q -B -DskipTests install first (by default nothing is built: the jar must exist)
#   --seconds N       length of each measured run, wrk or open loop (default 10; also BENCH_SECONDS or SECONDS from
#                     the environment)
#   --scenarios LIST  comma-separated, from: single batch kong openloop sustained (default single,batch,kong,openloop)
#                       single     one CloudEvent per POST /api/v1/events (application/cloudevents+json), wrk: the
#                                  closed-loop maximum
#                       batch      100 CloudEvents per POST /api/v1/events (application/cloudevents-batch+json)
#                       kong       50 Kong http-log records per POST /api/v1/kong/http-log (skipped while it is a 404)
#                       openloop   one CloudEvent per POST /api/v1/events offered at a constant BENCH_OPEN_RATE
#                                  (10,000) per second for --seconds, after BENCH_OPEN_WARMUP (10) s at that rate, by
#                                  scripts/bench/openloop.c (compiled into .stack/bench/openloop): requests go out on
#                                  schedule whatever the answers do, and latency counts from when each was due. Every
#                                  event id is distinct (bodies.sh render, one body per line). Reports p50, p90, p99,
#                                  p99.9, max, the rate achieved, errors and statuses against the p99 <= 20 ms target
#                                  (BENCH_OPEN_P99_TARGET); its ceiling is the same generator, rate and bodies against
#                                  ../shared/perf's do-nothing server (POST /parse), run after `ceilings` with its build
#                       sustained  100-event batches offered at a constant BENCH_SUSTAINED_RATE (55,000) events/s
#                                  for 60 s (BENCH_SUSTAINED_SECONDS) by openloop.c, after BENCH_OPEN_WARMUP (10) s
#                                  at that rate (BENCH_WARMUP if it comes first), against
#                                  the 50,000 events/s end-to-end target (BENCH_TARGET): the events accepted in the
#                                  measured run over the time until the last of them was visible in meter queries, so
#                                  a pipeline that falls behind the offered rate fails it; and the archive caught up
#                                  within 60 s after the load stops (BENCH_ARCHIVE_TARGET). A constant rate, because
#                                  a sustained rate is one the pipeline keeps up with: the closed-loop maximum is the
#                                  batch scenario's figure (a closed loop at full speed only piles up a backlog that
#                                  the same 2 cores then fold). Adds --clickhouse to `ceilings`, for the archive's
#                                  insert rate against clickhouse.insert.raw.tsv
#   --sustained       add the sustained scenario to the list
#   --no-ceilings     do not run ../shared/perf/ceilings (about 3 min, 4 with sustained) nor the open-loop ceiling;
#                     result lines then carry no ratio
#   --port N          first port to try for the app (default 18888; the next free one is used)
#
# Output: stdout has a header (date, CPUs, java, load), per scenario its throughput, latency, end-to-end visibility,
# archive catch-up, heap and CPU split, then `result ... ceiling ... ratio ...` lines. Progress goes to stderr, and
# everything (app log, GC log, wrk and openloop output, heap samples, sample bodies, ceilings output) to
# .stack/bench/<run>/ (git-ignored).
# The archive: after each scenario's events are visible in meter queries the script waits (at most as long, and
# with the same stall rule) until the archiver's lag is 0, read from the gauge tollgate_archive_lag_events in the same
# /q/metrics poll (once a second; the app measures it every 2 s, the same figure as GET /api/v1/events' header
# Tollgate-Archive-Lag-Events), so that measuring adds no ClickHouse query while ClickHouse is what the catch-up waits
# for; then it counts the scenario's rows in the events table once and reads the header once, as cross-checks.
# Heap: jstat once a second per scenario (warm-up to archive caught up), and for the whole run, start to stop, the GC
# log (-Xlog:gc, added to the app's options): the peak is the heap used just before a collection.
# Exit status: 0 if every selected scenario was measured (a skipped one counts) and all its accepted events became
# visible, 1 otherwise or if ceilings failed, 2 on bad usage, 130/143 if interrupted.
#
# Each run starts its own app (java -Xmx512m -jar app/target/quarkus-app/quarkus-run.jar) on 127.0.0.1 and a free port,
# with its own Kafka topic (deleted at the end) and consumer group, JSON logs off, ClickHouse database
# BENCH_CH_DB (default tollgate_bench, so benchmark windows never mix with scripts/run.sh data) and a bootstrap admin
# key kept in .stack/bench/admin-key. It needs the stack (scripts/stack.sh start; started here if it is not running).
#
# Environment: BENCH_SECONDS, BENCH_WARMUP (s before the first scenario, default 30, because C2 is still compiling after 10 s on 2 cores; 3 before the others),
#   BENCH_JIT_QUIET (0.10 cores) and BENCH_WARMUP_MAX (240 s): a first scenario driven by wrk goes on warming up, 10 s
#   at a time, until the JIT compilers of the app and of the broker each used less than BENCH_JIT_QUIET cores over
#   the last 10 s (their compiler threads' CPU time), for at most BENCH_WARMUP_MAX s in all,
#   BENCH_SUSTAINED_SECONDS (60), BENCH_SUSTAINED_RATE (55000 events/s offered, a multiple of 100), BENCH_TARGET (50000 events/s), BENCH_SUBJECTS (16 subjects per scenario),
#   BENCH_OPEN_RATE (10000 requests/s), BENCH_OPEN_WARMUP (10 s, or BENCH_WARMUP if openloop comes first),
#   BENCH_OPEN_CONNECTIONS (64), BENCH_OPEN_P99_TARGET (20 ms), BENCH_ARCHIVE_TARGET (60 s), BENCH_HEAP_TARGET (512 MB),
#   BENCH_JAVA (java), BENCH_JAVA_OPTS (-Xmx512m -XX:+UseParallelGC), BENCH_CH_DB (tollgate_bench), BENCH_E2E_TIMEOUT (600 s at most to
#   wait for events to become visible), BENCH_KEEP_TOPIC=1 (keep the run's Kafka topic), BENCH_KEEP_DATA=1 (keep the
#   ClickHouse database; it is dropped at the end otherwise, unless it is tollgate or tollgate_test).
set -Eeuo pipefail
export LC_ALL=C

# SECONDS is special in bash (seconds since the shell started, or since the value it was given), so it cannot be
# read as a plain variable. The value the caller put in our environment, if any, is in /proc/$$/environ.
ENV_SECONDS=$(tr '\0' '\n' </proc/$$/environ 2>/dev/null | sed -n 's/^SECONDS=//p' | head -n 1 || true)

# Progress goes to fd 7, a copy of stderr: a trap can run while a command's stderr is redirected (wrk's timing goes
# to a file), and the cleanup messages must still reach the terminal.
exec 7>&2

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
BENCH_DIR="$REPO/scripts/bench"
# shellcheck source=scripts/bench/lib.sh
. "$BENCH_DIR/lib.sh"
SHARED="$REPO/../shared"
JAR="$REPO/app/target/quarkus-app/quarkus-run.jar"
JAVA=${BENCH_JAVA:-java}
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx512m -XX:+UseParallelGC}"
CH_DB=${BENCH_CH_DB:-tollgate_bench}
SUBJECTS=${BENCH_SUBJECTS:-16}
TARGET=${BENCH_TARGET:-50000}
SUSTAINED_SECONDS=${BENCH_SUSTAINED_SECONDS:-60}
SUSTAINED_RATE=${BENCH_SUSTAINED_RATE:-55000}
E2E_TIMEOUT=${BENCH_E2E_TIMEOUT:-600}
OPEN_RATE=${BENCH_OPEN_RATE:-10000}
OPEN_WARMUP=${BENCH_OPEN_WARMUP:-10}
JIT_QUIET=${BENCH_JIT_QUIET:-0.10}
WARMUP_MAX=${BENCH_WARMUP_MAX:-240}
OPEN_CONNECTIONS=${BENCH_OPEN_CONNECTIONS:-64}
OPEN_P99_TARGET=${BENCH_OPEN_P99_TARGET:-20}
ARCHIVE_TARGET=${BENCH_ARCHIVE_TARGET:-60}
HEAP_TARGET=${BENCH_HEAP_TARGET:-512}
OPENLOOP=$REPO/.stack/bench/openloop
E2E_STALL=30           # give up waiting for visibility when the count has not moved for this long (s)
CLK_TCK=$(getconf CLK_TCK)
NCPU=$(nproc)

# ------------------------------------------------------------------------------------------------ helpers

usage() { sed -n '2,/^[^#]/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
usage_error() { echo "ingest.sh: $*" >&2; usage | grep '^Usage:' >&2; exit 2; }
ratio() { # ratio OURS CEILING: 2 decimals, 3 below 0.1 so that small ratios keep a digit
  awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) { print "n/a"; exit } r = a / b; printf (r < 0.1 ? "%.3f" : "%.2f"), r }'
}
to_ms() { # to_ms 1.23ms|456.00us|1.20s|2.00m -> milliseconds with 2 decimals
  awk -v v="$1" 'BEGIN { x = v + 0
    if (v ~ /us$/) x /= 1000; else if (v ~ /ms$/) ; else if (v ~ /m$/) x *= 60000; else if (v ~ /s$/) x *= 1000
    printf "%.2f", x }'
}

# "busy idle" ticks of the whole machine
sys_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, $5 + $6; exit }' /proc/stat; }
# Per-thread CPU of a process, "tid name ticks" per line; the name is the thread's (15-character) comm without its
# trailing number, so that pools add up: "vert.x-eventloo", "executor-thread", "GC Thread", "C2 CompilerThre"...
thread_ticks() {
  awk '{ c = $0; sub(/^[^(]*\(/, "", c); sub(/\) .*$/, "", c); gsub(/[-#]?[0-9]+$/, "", c); gsub(/ /, "_", c)
         r = $0; sub(/^.*\) /, "", r); split(r, f, " "); print $1, c, f[12] + f[13] }' /proc/"$1"/task/*/stat 2>/dev/null || true
}
thread_split() { # thread_split BEFORE AFTER SECONDS: the busiest thread groups, in cores
  awk -v hz="$CLK_TCK" -v t="$3" 'BEGIN { if (t <= 0) t = 1 } FILENAME == ARGV[1] { b[$1] = $3; next }
       { d = $3 - ($1 in b ? b[$1] : 0); g[$2] += d }
       END { for (k in g) if (g[k] > 0) printf "%s %.2f\n", k, g[k] / hz / t }' "$1" "$2" \
    | sort -k2,2 -rn | head -n 8 | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }'
}

# CPU ticks of a JVM's JIT compiler threads (C1 and C2), summed over the threads alive now (with 2 CPUs HotSpot keeps
# one of each for good, so none ends between two readings).
jit_ticks() { thread_ticks "$1" | awk '$2 ~ /^C[12]_CompilerThre/ { t += $3 } END { print t + 0 }'; }
jit_cores() { calc %.2f "($2 > $1 ? $2 - $1 : 0) / $CLK_TCK / $3"; }  # jit_cores TICKS_0 TICKS_1 SECONDS

# Warm-up until the JIT is quiet. C2 on a fresh JVM keeps half a core busy for minutes on 2 shared cores, and the
# broker is a fresh JVM too: whatever the first scenario measured while they compiled was the compilers' share of the
# machine, not Tollgate's steady state (runs of one commit differed by 2x). So the first scenario's warm-up (wrk, the
# same load) goes on 10 s at a time until both JVMs' compilers used less than JIT_QUIET cores over the last 10 s,
# WARMUP_MAX s at most, and the scenario says how long it took. Adds the 2xx answers to WARM_EXTRA_OK.
settle_jit() { # settle_jit OUTFILE_PREFIX WARMED_SECONDS APP_COMPILE_0 BROKER_COMPILE_0 T0_NS
  local f=$1 spent=$2 a0=$3 k0=$4 a1 k1 t0=$5 t1 secs app broker
  WARM_EXTRA_OK=0
  while :; do
    a1=$(jit_ticks "$APP_PID"); k1=$(jit_ticks "$KAFKA_PID"); t1=$(date +%s%N)
    secs=$(calc %.3f "($t1 - $t0) / 1000000000")
    app=$(jit_cores "$a0" "$a1" "$secs"); broker=$(jit_cores "$k0" "$k1" "$secs")
    JIT_NOTE="warm-up ${spent} s; in its last $(calc %.0f "$secs") s the JIT compilers used $app cores in the app, $broker in the broker"
    if awk -v a="$app" -v b="$broker" -v q="$JIT_QUIET" 'BEGIN { exit !(a < q && b < q) }'; then
      break
    fi
    if ((spent + 10 > WARMUP_MAX)); then
      JIT_NOTE+=" (still compiling after the longest warm-up, BENCH_WARMUP_MAX=$WARMUP_MAX s)"
      break
    fi
    log "$JIT_NOTE; warming up 10 s more"
    a0=$a1 k0=$k1 t0=$t1
    run_wrk 10 "$f.settle.wrk" || return 1
    WARM_EXTRA_OK=$((WARM_EXTRA_OK + W_REQ - W_NON2XX)) spent=$((spent + 10))
  done
  log "$JIT_NOTE"
}

# ------------------------------------------------------------------------------------------------ the app

# The benchmark's ClickHouse database holds the raw events of every run (the raw event store: about 60 MB per
# million events), so it is dropped at the end; the app recreates it at its next start. Never a database that
# scripts/run.sh or the tests use.
# shellcheck disable=SC2317  # called from the EXIT trap
drop_bench_db() {
  [[ -n ${CH_URL:-} ]] || return 0
  if [[ ${BENCH_KEEP_DATA:-0} == 1 || $CH_DB == tollgate || $CH_DB == tollgate_test ]]; then
    log "keeping ClickHouse database $CH_DB"
    return 0
  fi
  if curl -sS --fail --max-time 120 -o /dev/null "$CH_URL/" --data-binary "DROP DATABASE IF EXISTS $CH_DB" 2>>"$RUN_DIR/bench.log"; then
    log "dropped ClickHouse database $CH_DB"
  else
    log "warning: could not drop ClickHouse database $CH_DB"
  fi
}

# ------------------------------------------------------------------------------------------------ measuring

metrics() { curl -sS --max-time 10 "$MGMT/q/metrics" >"$1" || : >"$1"; }
metric() { # metric FILE NAME: sum of all samples of a Prometheus metric, whatever its labels
  awk -v n="$2" '$1 == n || index($1, n "{") == 1 { s += $NF } END { printf "%.0f", s }' "$1"
}
gauge() { # gauge FILE NAME: the value of an unlabelled gauge, rounded; empty if the metric is not there
  awk -v n="$2" '$1 == n { printf "%.0f", $NF; exit }' "$1" 2>/dev/null || true
}
status_delta() { # status_delta BEFORE AFTER: "204 x 1234, 503 x 2" for POST requests between two snapshots
  awk '/^http_server_requests_seconds_count\{/ && /method="POST"/ {
         match($0, /status="[0-9]+"/); st = substr($0, RSTART + 8, RLENGTH - 9)
         if (FILENAME == ARGV[1]) c[st] -= $NF; else c[st] += $NF }
       END { for (st in c) if (c[st] > 0) printf "%s%s x %.0f", (n++ ? ", " : ""), st, c[st]; if (!n) printf "none" }' "$1" "$2"
}

# WARN and ERROR lines the app logged since line FROM of its log: "<count> lines, e.g. <the most frequent message>"
app_log_problems() { # app_log_problems FROM
  tail -n +"$(($1 + 1))" "$RUN_DIR/app.log" | awk '$3 == "ERROR" || $3 == "WARN" {
      n++; m = $0; sub(/^[^ ]+ [^ ]+ /, "", m); gsub(/\(reference [^)]*\)/, "(reference <id>)", m); gsub(/-[0-9]+\)/, "-N)", m)
      c[substr(m, 1, 300)]++ }
    END { if (!n) { print "none"; exit } for (k in c) if (c[k] > best) { best = c[k]; top = k }
          printf "%d lines, most often (%d x): %s", n, best, top }'
}

# One wrk run. Sets W_REQ (responses), W_NON2XX, W_SECS, W_RPS, W_P50, W_P99 (ms), W_SOCKERR, W_CPU (wrk CPU s).
run_wrk() { # run_wrk SECONDS OUTFILE [SAMPLE_OUT]
  local secs=$1 f=$2 sample=${3:-} rc=0 TIMEFORMAT='%U %S'
  { time IDTAG=$(hex8) SAMPLE_OUT=$sample TEMPLATE=$S_TEMPLATE EVENTS=$S_EVENTS ARRAY=$S_ARRAY SUBJECT=$S_SUBJECT \
      SUBJECTS=$SUBJECTS CT=$S_CT AUTH="Bearer $KEY" \
      timeout -k 5 $((secs + 30)) wrk -t2 -c64 -d"${secs}s" --latency -s "$BENCH_DIR/events.lua" "$BASE$S_PATH" \
      >"$f" 2>&1 8>&- ; } 2>"$f.time" || rc=$?
  if ((rc != 0)); then show_tail "$f"; log "wrk failed (exit $rc)"; return 1; fi
  W_REQ=$(awk '/requests in/ { print $1; exit }' "$f")
  W_SECS=$(awk '/requests in/ { v = $4; sub(/,$/, "", v); x = v + 0; if (v ~ /m$/) x *= 60; printf "%.3f", x; exit }' "$f")
  W_NON2XX=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$f")
  W_NON2XX=${W_NON2XX:-0}
  W_RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$f")
  W_P50=$(awk '$1 == "50%" { print $2; exit }' "$f")
  W_P99=$(awk '$1 == "99%" { print $2; exit }' "$f")
  W_SOCKERR=$(grep -o 'Socket errors:.*' "$f" || true)
  W_CPU=$(awk '{ printf "%.2f", $1 + $2 }' "$f.time" 2>/dev/null || echo 0)
  if [[ -z $W_REQ || -z $W_SECS || -z $W_RPS || -z $W_P99 ]]; then show_tail "$f"; log "could not read wrk's output"; return 1; fi
  W_P50=$(to_ms "$W_P50"); W_P99=$(to_ms "$W_P99")
}

# Request bodies for the open loop: N single CloudEvents, one per line (bodies.sh render, the same events as the
# probe's and events.lua's, spread over the SUBJECTS subjects SUBJECT-01...). render numbers the events of one call,
# so it is called per chunk of 5,000 (mawk's render slows down more than linearly with the count: 100,000 in one
# call took 67 s), chunk k with IDTAG TAG4 followed by k + FIRST_CHUNK in 4 hex digits: every id differs as long as
# the chunk numbers of two files with the same TAG4 do not overlap. Fails unless the file holds exactly N lines.
# With S_EVENTS > 1 (sustained) each line is instead a JSON array of S_EVENTS such events: N lines of them.
open_bodies() { # open_bodies N SUBJECT TAG4 FIRST_CHUNK OUTFILE
  local left=$(($1 * S_EVENTS)) chunk=$4 size group=cat
  ((S_EVENTS == 1)) || group="paste -d, $(printf -- '- %.0s' $(seq "$S_EVENTS"))"
  : >"$5"
  while ((left > 0)); do
    size=$((left < 5000 ? left : 5000))
    { SUBJECTS=$SUBJECTS "$BENCH_DIR/bodies.sh" render "$RUN_DIR/cloudevents.tmpl" "$size" 1 "$2" \
        "$3$(printf '%04x' "$chunk")"; echo; } \
      | sed -e 's/^\[//' -e 's/\]$//' -e 's/,{"specversion"/\n{"specversion"/g' | $group >>"$5"
    left=$((left - size)) chunk=$((chunk + 1))
  done
  ((S_EVENTS == 1)) || sed -i -e 's/^/[/' -e 's/$/]/' "$5"
  [[ $(wc -l <"$5") == "$1" ]] || { log "open_bodies: $5 does not hold $1 lines"; return 1; }
}

# One open-loop run (scripts/bench/openloop.c): the bodies POSTed to BASE PATH at S_RATE per second for SECONDS,
# after INNER_WARMUP s at that rate on the same connections (not counted). Sets the W_* figures as run_wrk does
# (W_REQ: answered, W_NON2XX: answered with another status, W_SECS: from the schedule's start to the last answer) and
# O_P90, O_P999, O_MAX, O_ERRORS (connections closed or failed under a request), O_STATUSES, O_COMPLETE.
run_open() { # run_open BASE PATH BODIES SECONDS INNER_WARMUP OUTFILE
  local base=$1 path=$2 bodies=$3 secs=$4 inner=$5 f=$6 rc=0 TIMEFORMAT='%U %S' achieved
  printf '%s\n' "$path" >"$f.paths"
  { time BENCH_KEY=${OPEN_KEY:-$KEY} BODIES_FILE=$bodies CONTENT_TYPE=$S_CT \
      timeout -k 5 $((secs + inner + 120)) "$OPENLOOP" "$base" "$S_RATE" "$secs" "$f.paths" "$OPEN_CONNECTIONS" \
      "$inner" >"$f" 2>"$f.err" 8>&- ; } 2>"$f.time" || rc=$?
  if ((rc != 0)); then show_tail "$f.err"; log "openloop failed (exit $rc)"; return 1; fi
  of() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$f"; }
  W_REQ=$(of done) O_ERRORS=$(of errors) O_COMPLETE=$(of complete) achieved=$(of achieved)
  W_P50=$(of p50) W_P99=$(of p99) O_P90=$(of p90) O_P999=$(of p999) O_MAX=$(of max)
  O_STATUSES=$(sed -n 's/.*statuses=\(.*\)$/\1/p' "$f")
  if [[ -z $W_REQ || -z $achieved || -z $W_P99 ]]; then show_tail "$f"; log "could not read openloop's output"; return 1; fi
  W_NON2XX=$(tr -d '{} ' <<<"$O_STATUSES" | tr ',' '\n' | awk -F= '$1 !~ /^2/ && $2 > 0 { n += $2 } END { print n + 0 }')
  W_RPS=$achieved
  W_SECS=$(calc %.3f "$W_REQ / ($achieved > 0 ? $achieved : 1)")
  W_SOCKERR=""
  ((O_ERRORS == 0)) || W_SOCKERR="connection errors $O_ERRORS"
  W_CPU=$(awk '{ printf "%.2f", $1 + $2 }' "$f.time" 2>/dev/null || echo 0)
}

# Sum of the api_requests meter over the subjects that contain TAG (all time, one total per subject). The Kong
# mapping may write the subject in its own way (consumer:<id>, ...), hence "contains" rather than a subject filter.
visible() { # visible TAG -> count, or "" if the query failed
  curl -sS --max-time 10 -H "Authorization: Bearer $KEY" \
    "$BASE/api/v1/meters/api_requests/query?groupBy=subject" 2>/dev/null \
    | jq -r --arg t "$1" '[.data[]? | select((.subject // "") | contains($t)) | .value | tonumber] | add // 0 | floor' \
      2>/dev/null || true
}

# Polls until the meter shows every event the app accepted (its own counter, re-read each time), or until nothing
# moves for E2E_STALL s. Sets E_ACCEPTED, E_VISIBLE, E_SECS (since T_END, when the measured wrk run ended, epoch ns),
# E_DONE (1 if complete) and E_FINAL. Requests still in flight when wrk stopped are not in the app's counter (their
# client is gone) but may well be in Kafka; they are the last records of their partitions, so they become visible
# last, and E_FINAL (the count once it settles) includes them. The polls go to PREFIX.visible, the last metrics to
# PREFIX.metrics-2. Each poll also reads the archive's lag (archive_poll).
wait_visible() { # wait_visible TAG INGESTED_BEFORE PREFIX
  local tag=$1 before=$2 m=$3.metrics-2 v last=-1 last_change now i
  last_change=$(date +%s%N)
  E_DONE=0 E_ACCEPTED=0 E_VISIBLE="" E_FINAL="" A_LAG="" A_SECS="" A_BEHIND_SEEN=0
  echo "# seconds-after-run accepted visible archive-lag-events" >"$3.visible"
  while :; do
    metrics "$m"
    [[ -s $m ]] && E_ACCEPTED=$(( $(metric "$m" tollgate_events_ingested_total) - before ))
    v=$(visible "$tag")
    now=$(date +%s%N)
    E_SECS=$(calc %.1f "($now - $T_END) / 1e9")
    archive_poll "$m" "$now"
    echo "$E_SECS $E_ACCEPTED ${v:-?} ${A_LAG:-?}" >>"$3.visible"
    if [[ -n $v ]]; then
      E_VISIBLE=$v
      if ((v != last)); then last=$v; last_change=$now; fi
      ((E_ACCEPTED > 0 && v >= E_ACCEPTED)) && { E_DONE=1; break; }
    fi
    if (( (now - last_change) / 1000000000 >= E2E_STALL || (now - T_END) / 1000000000 >= E2E_TIMEOUT )); then
      return 0
    fi
    # Fine-grained at first; then once a second, so that polling does not take CPU from a lagging aggregator.
    if (( (now - T_END) / 1000000000 < 5 )); then sleep 0.25; else sleep 1; fi
  done
  # Let the count settle (two equal readings half a second apart, 5 s at most) to see the in-flight extras too.
  E_FINAL=$E_VISIBLE
  for i in 1 2 3 4 5 6 7 8 9 10; do
    sleep 0.5
    v=$(visible "$tag")
    [[ -n $v ]] || continue
    echo "settle $E_ACCEPTED $v" >>"$3.visible"
    [[ $v == "$E_FINAL" ]] && break
    E_FINAL=$v
  done
}

# The archive's lag in a metrics snapshot taken at NOW (epoch ns): sets A_LAG (events; empty or -1 while the app has
# not measured it) and, the first time it reads 0, A_SECS (seconds since T_END). The gauge is the app's own
# measurement (ArchiveLagMonitor, every 2 s: the topic's end offsets, then the archiver's stored offsets, so never
# understated), the same one GET /api/v1/events returns as Tollgate-Archive-Lag-Events; reading it here costs no
# ClickHouse query. A reading can be a measurement up to about 2 s old: a 0 counts once the gauge has shown a lag
# after the run ended (so the 0 is a newer measurement), or from 3 s after it. The catch-up time may therefore be
# overstated by a couple of seconds, never understated.
archive_poll() { # archive_poll METRICS_FILE NOW
  A_LAG=$(gauge "$1" tollgate_archive_lag_events)
  [[ -n $A_LAG && $A_LAG != 0 && $A_LAG != -1 ]] && A_BEHIND_SEEN=1
  if [[ -z $A_SECS && $A_LAG == 0 ]] && (( A_BEHIND_SEEN || ($2 - T_END) / 1000000 >= 3000 )); then
    A_SECS=$(calc %.1f "($2 - $T_END) / 1e9")
  fi
  return 0
}

# After wait_visible: polls /q/metrics once a second until the archive's lag reads 0 (A_SECS set), or until the lag
# has not moved for E2E_STALL s, or E2E_TIMEOUT s after the run. Appends to PREFIX.visible.
wait_archive() { # wait_archive PREFIX
  local m=$1.metrics-a now last="" last_change
  last_change=$(date +%s%N)
  while [[ -z $A_SECS ]]; do
    metrics "$m"
    now=$(date +%s%N)
    archive_poll "$m" "$now"
    echo "$(calc %.1f "($now - $T_END) / 1e9") archive ${A_LAG:-?}" >>"$1.visible"
    [[ -n $A_SECS ]] && break
    if [[ ${A_LAG:-} != "$last" ]]; then last=${A_LAG:-}; last_change=$now; fi
    if (( (now - last_change) / 1000000000 >= E2E_STALL || (now - T_END) / 1000000000 >= E2E_TIMEOUT )); then
      return 0
    fi
    sleep 1
  done
}

# Rows of the events table (the archive) whose subject contains TAG, or "" if the query failed.
archived_rows() { # archived_rows TAG
  curl -sS --fail --max-time 60 "$CH_URL/" --data-binary \
    "SELECT count() FROM $CH_DB.events WHERE position(subject, '$1') > 0" 2>>"$RUN_DIR/bench.log" || true
}

# The archive lag headers of GET /api/v1/events?limit=1, as "HTTP <status>, events <n>, seconds <s>" (absent: not
# measured, or not a 200).
archive_headers() {
  curl -sS --max-time 30 -o /dev/null -D - -H "Authorization: Bearer $KEY" "$BASE/api/v1/events?limit=1" 2>/dev/null \
    | tr -d '\r' | awk -F': ' 'NR == 1 { split($0, h, " "); st = h[2] }
        tolower($1) == "tollgate-archive-lag-events" { e = $2 }
        tolower($1) == "tollgate-archive-lag-seconds" { s = $2 }
        END { printf "HTTP %s, events %s, seconds %s", (st == "" ? "none" : st), (e == "" ? "absent" : e),
                (s == "" ? "absent" : s) }'
}

# The app's JVM uptime now (s), the clock of its GC log's [N.NNNs] decorations (from the process' start time, so
# off by the JVM's own few milliseconds before its clock starts).
jvm_uptime() { awk -v t0="$APP_START" '{ printf "%.3f", $1 - t0 }' /proc/uptime; }

# GC pauses in the GC log between two JVM uptimes: "<n> pauses, longest <ms> ms, <total> ms in all".
gc_pauses() { # gc_pauses FROM TO
  awk -v a="$1" -v b="$2" 'match($0, /^\[[0-9.]+s\]/) { t = substr($0, 2, RLENGTH - 3) + 0 }
    t >= a && t <= b && / Pause / && match($0, /[0-9.]+ms$/) { p = substr($0, RSTART, RLENGTH - 2) + 0; n++; s += p
      if (p > mx) mx = p }
    END { printf "%d pauses, longest %.1f ms, %.0f ms in all", n, mx, s }' "$RUN_DIR/gc.log" 2>/dev/null || echo "n/a"
}

# The heap over the whole GC log: "<peak MB before a collection> <most MB after one> <collections> <pause s>
# <longest pause ms>", or "n/a". Sizes as the JVM logs them (K, M or G).
gc_heap() {
  awk 'function mb(v) { u = substr(v, length(v)); v = substr(v, 1, length(v) - 1) + 0
         return u == "G" ? v * 1024 : (u == "K" ? v / 1024 : v) }
    / Pause / && match($0, /[0-9]+[KMG]->[0-9]+[KMG]\([0-9]+[KMG]\)/) {
      x = substr($0, RSTART, RLENGTH); split(x, f, /->|\(|\)/); b = mb(f[1]); a = mb(f[2]); n++
      if (b > peak) peak = b; if (a > after) after = a
      if (match($0, /[0-9.]+ms$/)) { p = substr($0, RSTART, RLENGTH - 2) + 0; s += p; if (p > mx) mx = p } }
    END { if (!n) { print "n/a"; exit } printf "%.0f %.0f %d %.2f %.1f", peak, after, n, s / 1000, mx }' \
    "$RUN_DIR/gc.log" 2>/dev/null || echo "n/a"
}

# ClickHouse inserts of the aggregator between two metrics snapshots: "<table> <n> x <avg> ms, ..."
ch_inserts() { # ch_inserts BEFORE AFTER
  awk '/^tollgate_clickhouse_insert_seconds_(count|sum)\{/ {
         match($0, /table="[^"]*"/); t = substr($0, RSTART + 7, RLENGTH - 8)
         if ($0 !~ /outcome="success"/) { match($0, /outcome="[^"]*"/); t = t "[" substr($0, RSTART + 9, RLENGTH - 10) "]" }
         k = ($0 ~ /_count\{/) ? "c" : "s"; v[k, t] += (FILENAME == ARGV[1] ? -$NF : $NF); tables[t] = 1 }
       END { for (t in tables) if (v["c", t] > 0)
               printf "%s%s %d x %.0f ms", (n++ ? ", " : ""), t, v["c", t], 1000 * v["s", t] / v["c", t]
             if (!n) printf "none" }' "$1" "$2"
}

# ------------------------------------------------------------------------------------------------ scenarios

# Sets the S_* parameters of a scenario.
scenario_params() {
  S_TEMPLATE=$RUN_DIR/cloudevents.tmpl S_PATH=/api/v1/events S_SECS=$DURATION S_SAMPLE="" S_RATE=""
  case $1 in
    single) S_EVENTS=1 S_ARRAY=0 S_CT=application/cloudevents+json S_FIG=ingest.single
            S_SAMPLE=$RUN_DIR/bodies/tollgate-single.json ;;
    batch) S_EVENTS=100 S_ARRAY=1 S_CT=application/cloudevents-batch+json S_FIG=ingest.batch100
           S_SAMPLE=$RUN_DIR/bodies/tollgate-batch100.json ;;
    sustained) S_EVENTS=100 S_ARRAY=1 S_CT=application/cloudevents-batch+json S_FIG=ingest.sustained.batch100
               S_SECS=$SUSTAINED_SECONDS S_RATE=$((SUSTAINED_RATE / 100)) ;;
    kong) S_TEMPLATE=$RUN_DIR/kong.tmpl S_PATH=/api/v1/kong/http-log S_EVENTS=50 S_ARRAY=1 S_CT=application/json
          S_FIG=ingest.kong50 S_SAMPLE=$RUN_DIR/bodies/tollgate-kong50.json ;;
    openloop) S_EVENTS=1 S_ARRAY=0 S_CT=application/cloudevents+json S_FIG=ingest.openloop S_RATE=$OPEN_RATE ;;
  esac
  # Unique per run and scenario; the probe request uses its own subject so that it is not counted.
  S_SUBJECT="bench-$RUN-$1"
}

# A scenario that cannot be measured is reported and the others still run; the exit status will be 1.
scenario_failed() { # scenario_failed NAME MESSAGE
  heap_stop
  out "scenario $1: FAILED, $2"
  R_STATE[$1]=failed
  FAILED=1
}

run_scenario() {
  local s=$1 code f=$RUN_DIR/$1 warm=$WARMUP tool=wrk
  scenario_params "$s"
  if [[ -n $S_RATE ]]; then
    tool=openloop
    ((warm >= OPEN_WARMUP)) || warm=$OPEN_WARMUP
    log "== $s: $S_EVENTS event(s) per POST $S_PATH offered at $S_RATE/s, warm-up ${warm} s, then ${S_SECS} s"
  else
    log "== $s: $S_EVENTS event(s) per POST $S_PATH, warm-up ${WARMUP} s, then ${S_SECS} s"
  fi

  # A probe with the same kind of body: a 404 means the endpoint does not exist yet (skip), any other non-2xx means
  # the body or the set-up is wrong, and there is no point in hammering it.
  "$BENCH_DIR/bodies.sh" render "$S_TEMPLATE" "$S_EVENTS" "$S_ARRAY" "bench-$RUN-probe-$s" >"$f.probe.json"
  code=$(curl -sS -o "$f.probe.answer" --max-time 30 -w '%{http_code}' -H "Authorization: Bearer $KEY" \
    -H "Content-Type: $S_CT" --data-binary @"$f.probe.json" "$BASE$S_PATH" || echo 000)
  if [[ $code == 404 ]]; then
    out "scenario $s: skipped (POST $S_PATH answered 404)"
    R_STATE[$s]=skipped
    return 0
  fi
  if [[ $code != 2?? ]]; then
    scenario_failed "$s" "the probe request got HTTP $code: $(head -c 300 "$f.probe.answer")"
    return 0
  fi

  # The open loop's bodies, every event id distinct: the warm-up's and the measured run's, made before anything is
  # measured (a few seconds of awk and sed for openloop, a minute or two for sustained).
  if [[ -n $S_RATE ]]; then
    log "writing $((S_RATE * (warm + S_SECS))) request bodies for the open loop"
    local tag4
    tag4=$(hex8 | cut -c1-4)
    open_bodies $((S_RATE * warm)) "$S_SUBJECT" "$tag4" 0 "$f.bodies-warmup" \
      && open_bodies $((S_RATE * S_SECS)) "$S_SUBJECT" "$tag4" 32768 "$f.bodies" \
      || { scenario_failed "$s" "could not write the request bodies"; return 0; }
    head -n 1 "$f.bodies" >"$RUN_DIR/bodies/tollgate-$s.json"
  fi

  # The app's own counter of events acknowledged by Kafka, before the warm-up and before the measured run.
  local before before_measured warm_ok log_from
  log_from=$(wc -l <"$RUN_DIR/app.log")
  metrics "$f.metrics-0"
  before=$(metric "$f.metrics-0" tollgate_events_ingested_total)
  heap_start "$f.heap"
  if [[ -n $S_RATE ]]; then
    run_open "$BASE" "$S_PATH" "$f.bodies-warmup" "$warm" 0 "$f.warmup.open" \
      || { scenario_failed "$s" "openloop warm-up (see $f.warmup.open.err)"; return 0; }
    log "open loop warm-up: $(cat "$f.warmup.open")"
  else
    local jit_app jit_broker jit_t0
    jit_app=$(jit_ticks "$APP_PID") jit_broker=$(jit_ticks "$KAFKA_PID") jit_t0=$(date +%s%N)
    run_wrk "$WARMUP" "$f.warmup.wrk" || { scenario_failed "$s" "wrk warm-up (see $f.warmup.wrk)"; return 0; }
  fi
  warm_ok=$((W_REQ - W_NON2XX))
  JIT_NOTE=""
  if [[ $tool == wrk && $WARMUP != 3 ]]; then
    settle_jit "$f" "$WARMUP" "$jit_app" "$jit_broker" "$jit_t0" \
      || { scenario_failed "$s" "wrk warm-up (see $f.settle.wrk)"; return 0; }
    warm_ok=$((warm_ok + WARM_EXTRA_OK))
  fi
  WARMUP=3   # the JIT is warm after the first scenario
  metrics "$f.metrics-w"
  before_measured=$(metric "$f.metrics-w" tollgate_events_ingested_total)

  # The measured run, with the CPU time of the app, the broker and ClickHouse around it.
  local app0 kafka0 ch0 busy0 idle0 app1 kafka1 ch1 busy1 idle1 t0 up0 up1
  thread_ticks "$APP_PID" >"$f.threads-0"
  app0=$(proc_ticks "$APP_PID"); kafka0=$(proc_ticks "$KAFKA_PID"); ch0=$(proc_ticks "$CH_PID")
  read -r busy0 idle0 < <(sys_ticks)
  t0=$(date +%s%N) up0=$(jvm_uptime)
  if [[ -n $S_RATE ]]; then
    # A fresh generator process: its 64 connections open within the 200 ms before the schedule starts.
    run_open "$BASE" "$S_PATH" "$f.bodies" "$S_SECS" 0 "$f.open" \
      || { scenario_failed "$s" "openloop (see $f.open.err)"; return 0; }
  else
    run_wrk "$S_SECS" "$f.wrk" "$S_SAMPLE" || { scenario_failed "$s" "wrk (see $f.wrk)"; return 0; }
  fi
  T_END=$(date +%s%N) up1=$(jvm_uptime)
  app1=$(proc_ticks "$APP_PID"); kafka1=$(proc_ticks "$KAFKA_PID"); ch1=$(proc_ticks "$CH_PID")
  read -r busy1 idle1 < <(sys_ticks)
  thread_ticks "$APP_PID" >"$f.threads-1"
  metrics "$f.metrics-1"
  kill -0 "$APP_PID" 2>/dev/null || { heap_stop; show_tail "$RUN_DIR/app.log" 40; die "the app died during $s"; }

  local ok evs wall cpu
  ok=$((W_REQ - W_NON2XX))
  evs=$(calc %.0f "$ok * $S_EVENTS / $W_SECS")
  R_RPS[$s]=$(calc %.0f "$ok / $W_SECS") R_EVS[$s]=$evs R_P99[$s]=$W_P99
  if [[ $s == openloop ]]; then
    R_OPEN_VERDICT[$s]=$(awk -v p="$W_P99" -v t="$OPEN_P99_TARGET" -v n="$W_NON2XX" -v e="$O_ERRORS" -v c="$O_COMPLETE" \
      'BEGIN { print (p <= t && n == 0 && e == 0 && c == "true" ? "PASS" : "FAIL") }')
    R_OPEN[$s]="at $OPEN_RATE/s offered for ${S_SECS} s: achieved ${W_RPS}/s answered, p50 $W_P50, p90 $O_P90, p99 $W_P99,"
    R_OPEN[$s]+=" p99.9 $O_P999, max $O_MAX ms; sent $((OPEN_RATE * S_SECS)), answered $W_REQ (complete=$O_COMPLETE),"
    R_OPEN[$s]+=" connection errors $O_ERRORS, statuses $O_STATUSES"
    out "scenario $s: ${R_OPEN[$s]} (latency from when each request was due; warm-up ${warm} s at the same rate:" \
        "$(sed -n 's/.*\(p99=[^ ]*\).*/\1 ms/p' "$f.warmup.open"))"
    out "  worst latency per second of the schedule (ms): $(sed -n 's/^worst latency per second of the schedule, ms: *//p' "$f.open.err")"
  else
    out "scenario $s: ${R_RPS[$s]} req/s answered 2xx = $evs events/s, p50 $W_P50 ms, p99 $W_P99 ms," \
        "non-2xx $W_NON2XX of $W_REQ${W_SOCKERR:+, $W_SOCKERR} ($S_EVENTS events/request, ${W_SECS} s)"
    [[ -z $JIT_NOTE ]] || out "  $JIT_NOTE"
    [[ $tool != openloop ]] || out "  offered at a constant $S_RATE requests/s ($((S_RATE * S_EVENTS)) events/s) for" \
        "${S_SECS} s: p90 $O_P90, p99.9 $O_P999, max $O_MAX ms from when each request was due; sent" \
        "$((S_RATE * S_SECS)), answered $W_REQ (complete=$O_COMPLETE), connection errors $O_ERRORS"
  fi
  [[ $s != sustained ]] || rm -f "$f.bodies" "$f.bodies-warmup"   # about 45 MB per 100,000 events
  [[ $W_NON2XX == 0 ]] || out "  answers to POST during $s: $(status_delta "$f.metrics-0" "$f.metrics-1")"
  wall=$(calc %.3f "($T_END - $t0) / 1e9")
  cpu=$(awk -v a="$((app1 - app0))" -v k="$((kafka1 - kafka0))" -v c="$((ch1 - ch0))" -v b="$((busy1 - busy0))" \
    -v i="$((idle1 - idle0))" -v w="$W_CPU" -v hz="$CLK_TCK" -v t="$wall" -v n="$NCPU" -v tool="$tool" 'BEGIN {
      o = b / hz - (a + k + c) / hz - w; if (o < 0) o = 0
      printf "app %.2f, %s %.2f, kafka %.2f, clickhouse %.2f, other %.2f, idle %.2f (cores busy on average, of %d)",
        a / hz / t, tool, w / t, k / hz / t, c / hz / t, o / t, i / hz / t, n }')
  out "  cpu $s: $cpu"
  out "  app threads $s: $(thread_split "$f.threads-0" "$f.threads-1" "$wall") (cores)"

  # End to end: every event the app accepted (warm-up included) must show up in the meter.
  log "waiting until the $s events are visible in meter queries"
  wait_visible "$S_SUBJECT-" "$before" "$f"
  thread_ticks "$APP_PID" >"$f.threads-2"
  local busy2 idle2 ch2 catchup
  ch2=$(proc_ticks "$CH_PID")
  read -r busy2 idle2 < <(sys_ticks)
  # Machine ticks count all CPUs, so busy / (busy + idle) * CPUs is in cores.
  catchup=$(awk -v b="$((busy2 - busy1))" -v i="$((idle2 - idle1))" -v c="$((ch2 - ch1))" -v n="$NCPU" 'BEGIN {
    t = b + i; if (t <= 0) t = 1; printf "machine %.2f of %d cores busy (ClickHouse %.2f)", b / t * n, n, c / t * n }')

  # The archive (its own consumer group): its lag when the load stopped, and when it read 0 (heap still sampled).
  local alag1 arows aheaders ch3 busy3 idle3 archcpu
  alag1=$(gauge "$f.metrics-1" tollgate_archive_lag_events)
  if [[ -z $A_SECS ]]; then
    log "waiting until the archive has caught up (lag ${A_LAG:-not measured} events)"
    wait_archive "$f"
  fi
  ch3=$(proc_ticks "$CH_PID")
  read -r busy3 idle3 < <(sys_ticks)
  heap_stop
  archcpu=$(awk -v b="$((busy3 - busy1))" -v i="$((idle3 - idle1))" -v c="$((ch3 - ch1))" -v n="$NCPU" 'BEGIN {
    t = b + i; if (t <= 0) t = 1; printf "machine %.2f of %d cores busy (ClickHouse %.2f)", b / t * n, n, c / t * n }')
  arows=$(archived_rows "$S_SUBJECT-")
  aheaders=$(archive_headers)
  R_ARCH_SECS[$s]=${A_SECS:-} R_ARCH_LAG1[$s]=${alag1:-?}
  R_E2E_DONE[$s]=$E_DONE R_E2E_SECS[$s]=$E_SECS
  if ((E_DONE)); then
    out "  e2e $s: accepted $E_ACCEPTED events (app counter), all visible in meter queries ${E_SECS} s after the run;" \
        "2xx answers carried $(( (warm_ok + ok) * S_EVENTS )); the count settled at $E_FINAL" \
        "($((E_FINAL - E_ACCEPTED)) more: requests in flight when $tool stopped)"
  else
    out "  e2e $s: accepted $E_ACCEPTED events (app counter), visible in meter queries ${E_VISIBLE:-?}: INCOMPLETE" \
        "after ${E_SECS} s ($(( (warm_ok + ok) * S_EVENTS )) in 2xx answers)"
  fi
  # The aggregator: how far behind it was when wrk stopped, and how fast it caught up.
  local consumed1 consumed2 behind
  consumed1=$(metric "$f.metrics-1" tollgate_aggregator_events_total)
  consumed2=$(metric "$f.metrics-2" tollgate_aggregator_events_total)
  behind=$(( $(metric "$f.metrics-1" tollgate_events_ingested_total) - consumed1 ))
  ((behind >= 0)) || behind=0
  out "  aggregator $s: $behind events behind when $tool stopped, then $(calc %.0f \
      "($consumed2 - $consumed1) / ($E_SECS > 0 ? $E_SECS : 1)") events/s until visible; ClickHouse inserts:" \
      "$(ch_inserts "$f.metrics-0" "$f.metrics-2"); while catching up: $catchup, app threads" \
      "$(thread_split "$f.threads-1" "$f.threads-2" "$E_SECS")"
  if [[ -n $A_SECS ]]; then
    out "  archive $s: ${alag1:-?} events behind when $tool stopped (gauge tollgate_archive_lag_events, measured every" \
        "2 s), lag 0 ${A_SECS} s after the run (until then: $archcpu); rows of the scenario in $CH_DB.events:" \
        "${arows:-query failed} (meter count ${E_FINAL:-${E_VISIBLE:-?}}); GET /api/v1/events lag headers then: $aheaders"
  else
    out "  archive $s: ${alag1:-?} events behind when $tool stopped; NOT caught up: lag ${A_LAG:-not measured} events" \
        "$(calc %.1f "($(date +%s%N) - $T_END) / 1e9") s after the run (until then: $archcpu); rows of the scenario in" \
        "$CH_DB.events: ${arows:-query failed} (meter count ${E_FINAL:-${E_VISIBLE:-?}}); GET /api/v1/events lag" \
        "headers then: $aheaders"
  fi
  local heap
  read -r -a heap <<<"$(heap_summary "$f.heap")"
  R_HEAP[$s]=${heap[0]}
  if [[ ${heap[0]} == n/a ]]; then
    out "  heap $s: n/a (jstat: $(head -c 200 "$f.heap"))"
  else
    out "  heap $s: max used ${heap[0]} MB (jstat once a second, warm-up to archive caught up; $JAVA_OPTS_SHOWN)," \
        "GC ${heap[1]} s in ${heap[2]} collections, RSS $(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status") MB"
  fi
  out "  gc pauses during the measured $s run: $(gc_pauses "$up0" "$up1") (GC log)"

  out "  app log $s: WARN/ERROR $(app_log_problems "$log_from")"

  if [[ $s == sustained ]]; then
    # End-to-end rate: the events accepted during the measured run, over the time until the last of them was visible.
    local measured e2e verdict=PASS
    measured=$((before + E_ACCEPTED - before_measured))
    e2e=$(calc %.0f "$measured / ($W_SECS + $E_SECS)")
    R_E2E_RATE[$s]=$e2e
    ((evs >= TARGET && e2e >= TARGET && E_DONE == 1 && W_NON2XX == 0)) || verdict=FAIL
    R_VERDICT[$s]="$verdict (accepted $evs events/s, end to end $e2e events/s, non-2xx $W_NON2XX, all visible: $( ((E_DONE)) && echo yes || echo no))"
    out "  sustained: $evs events/s accepted; $measured events in ${W_SECS} s + ${E_SECS} s until all visible" \
        "= $e2e events/s end to end; target $TARGET events/s for ${S_SECS} s: $verdict"
    # The archive: the same events, over the time until the archive held them all.
    if [[ -n $A_SECS ]]; then
      R_ARCH_RATE[$s]=$(calc %.0f "$measured / ($W_SECS + $A_SECS)")
      R_ARCH_VERDICT[$s]=$(awk -v a="$A_SECS" -v t="$ARCHIVE_TARGET" 'BEGIN { print (a <= t ? "PASS" : "FAIL") }')
    else
      R_ARCH_VERDICT[$s]="FAIL (not caught up)"
    fi
    local archived=""
    [[ -z ${R_ARCH_RATE[$s]:-} ]] || archived="; $measured events archived in ${W_SECS} s + ${A_SECS} s = ${R_ARCH_RATE[$s]} events/s"
    out "  sustained archive: lag 0 ${A_SECS:-never} s after the load stopped (${R_ARCH_LAG1[$s]} events behind then);" \
        "target <= $ARCHIVE_TARGET s: ${R_ARCH_VERDICT[$s]}$archived"
  fi
  if ((E_DONE)); then R_STATE[$s]=ok; else R_STATE[$s]=incomplete; FAILED=1; fi
}

# ------------------------------------------------------------------------------------------------ ceilings

run_ceilings() {
  local c=$SHARED/perf/ceilings s args=(--http --kafka "$KAFKA" --seconds "$DURATION")
  if [[ ! -x $c ]]; then
    out "ceilings: skipped ($c is missing)"
    return 0
  fi
  for s in "${SCENARIOS[@]}"; do
    scenario_params "$s"
    [[ ${R_STATE[$s]:-} == ok || ${R_STATE[$s]:-} == incomplete ]] && [[ -n $S_SAMPLE && -s $S_SAMPLE ]] \
      && args+=(--http-body "${S_SAMPLE#"$REPO"/}")
  done
  # The archiver's writer inserts raw events as TabSeparated: clickhouse.insert.raw.tsv is its ceiling.
  [[ " ${SCENARIOS[*]} " != *" sustained "* ]] || args+=(--clickhouse "$CH_URL")
  log "running ../shared/perf/ceilings ${args[*]} (about 2-4 min; output in $RUN_DIR/ceilings.out)"
  local rc=0
  (cd "$REPO" && "../shared/perf/ceilings" "${args[@]}" >"$RUN_DIR/ceilings.out" 2>"$RUN_DIR/ceilings.err" 7>&- 8>&-) || rc=$?
  while read -r _ name value _; do CEIL[$name]=$value; done < <(awk '$1 == "ceiling"' "$RUN_DIR/ceilings.out")
  grep '^== ceilings on' "$RUN_DIR/ceilings.out" | while read -r line; do out "$line"; done || true
  if ((rc != 0)); then
    show_tail "$RUN_DIR/ceilings.err" 20
    out "ceilings: exited $rc, some ceilings are missing (see $RUN_DIR/ceilings.err)"
    FAILED=1
  fi
}

# The open loop's ceiling: the same generator, rate, bodies, warm-up and length against ../shared/perf's do-nothing
# Vert.x server (POST /parse: reads the body and decodes the JSON), the build that `ceilings --http` just made and
# cached (its directory is keyed by the hash of its sources, as ceilings' cached_build does). Run with the app
# stopped, after ceilings, never at the same time. Sets CEIL[openloop.parse.single.p99] and O_CEIL (its summary).
run_open_ceiling() {
  local cache=${CEILINGS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tollgate-ceilings} key dir slog=$RUN_DIR/discard.log
  local f=$RUN_DIR/openloop-ceiling port="" i pid warm
  key=$(cat "$SHARED/perf/src/pom.xml" "$SHARED/perf/src/DiscardServer.java" 2>/dev/null | sha256sum | cut -c1-12)
  dir=$cache/http-$key
  if [[ ! -f $dir/ok ]]; then out "open-loop ceiling: n/a (no DiscardServer build in $dir; ceilings --http makes it)"; return 0; fi
  "${CEILINGS_JAVA:-java}" -cp "$dir/classes:$dir/lib/*" DiscardServer 0 >"$slog" 2>&1 </dev/null 7>&- 8>&- &
  pid=$!
  for i in $(seq 1 300); do
    port=$(awk '/^LISTENING /{print $2; exit}' "$slog")
    [[ -n $port ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z $port ]]; then
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    show_tail "$slog"; out "open-loop ceiling: n/a (the do-nothing server did not start)"; return 0
  fi
  scenario_params openloop
  warm=$(( $(wc -l <"$RUN_DIR/openloop.bodies-warmup") / OPEN_RATE ))   # the scenario's warm-up, from its bodies
  log "open-loop ceiling: the do-nothing server (pid $pid, port $port), POST /parse at $OPEN_RATE/s, ${warm} s + ${S_SECS} s"
  if OPEN_KEY=none run_open "http://127.0.0.1:$port" /parse "$RUN_DIR/openloop.bodies-warmup" "$warm" 0 "$f.warmup" \
     && OPEN_KEY=none run_open "http://127.0.0.1:$port" /parse "$RUN_DIR/openloop.bodies" "$S_SECS" 0 "$f"; then
    CEIL[openloop.parse.single.p99]=$W_P99
    O_CEIL="achieved ${W_RPS}/s, p50 $W_P50, p90 $O_P90, p99 $W_P99, p99.9 $O_P999, max $O_MAX ms, connection errors"
    O_CEIL+=" $O_ERRORS, statuses $O_STATUSES; the generator used $W_CPU s of CPU"
    out "open-loop ceiling: do-nothing Vert.x server (../shared/perf, POST /parse) at $OPEN_RATE/s for ${S_SECS} s," \
        "same generator and bodies: $O_CEIL"
  else
    out "open-loop ceiling: n/a (the open loop against the do-nothing server failed; see $f.err)"
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# result <figure> <value> <unit>  ceiling <name> <value> <unit>  ratio <ours/ceiling>   (CEILINGS.md section 3)
result() { # result FIGURE VALUE UNIT [CEILING_NAME CEILING_UNIT]
  if [[ -z ${4:-} ]]; then out "result $1 $2 $3"; return; fi
  if [[ -z ${CEIL[$4]:-} ]]; then out "result $1 $2 $3  ceiling $4 n/a"; return; fi
  if [[ $3 == ms ]]; then   # latency: both p99s, no ratio
    out "result $1 $2 $3  ceiling $4 ${CEIL[$4]} $5"
  else
    out "result $1 $2 $3  ceiling $4 ${CEIL[$4]} $5  ratio $(ratio "$2" "${CEIL[$4]}")"
  fi
}

print_results() {
  local s body
  out ""
  for s in "${SCENARIOS[@]}"; do
    [[ ${R_STATE[$s]:-} == ok || ${R_STATE[$s]:-} == incomplete ]] || continue
    scenario_params "$s"
    body=$(basename "${S_SAMPLE:-none}" .json)
    case $s in
      single)
        result "$S_FIG" "${R_RPS[$s]}" req/s http.parse.single req/s
        result "$S_FIG" "${R_RPS[$s]}" req/s http.discard.single req/s
        result "$S_FIG" "${R_RPS[$s]}" req/s "http.parse.$body" req/s
        result "$S_FIG.p99" "${R_P99[$s]}" ms http.parse.single.p99 ms
        result "$S_FIG.events" "${R_EVS[$s]}" events/s kafka.produce.lz4 rec/s ;;
      batch)
        result "$S_FIG.events" "${R_EVS[$s]}" events/s http.parse.batch100.events events/s
        result "$S_FIG.events" "${R_EVS[$s]}" events/s "http.parse.$body.events" events/s
        result "$S_FIG.p99" "${R_P99[$s]}" ms http.parse.batch100.p99 ms
        result "$S_FIG.events" "${R_EVS[$s]}" events/s kafka.produce.lz4 rec/s ;;
      kong)
        result "$S_FIG.events" "${R_EVS[$s]}" events/s "http.parse.$body.events" events/s
        result "$S_FIG.p99" "${R_P99[$s]}" ms "http.parse.$body.p99" ms
        result "$S_FIG.events" "${R_EVS[$s]}" events/s kafka.produce.lz4 rec/s ;;
      sustained)
        result "$S_FIG.events" "${R_EVS[$s]}" events/s http.parse.batch100.events events/s
        result "$S_FIG.e2e.events" "${R_E2E_RATE[$s]}" events/s http.parse.batch100.events events/s
        result "$S_FIG.events" "${R_EVS[$s]}" events/s kafka.produce.lz4 rec/s
        result "$S_FIG.p99" "${R_P99[$s]}" ms http.parse.batch100.p99 ms
        out "result $S_FIG.target $TARGET events/s for ${S_SECS} s end to end: ${R_VERDICT[$s]:-n/a}"
        if [[ -n ${R_ARCH_RATE[$s]:-} ]]; then
          result "$S_FIG.archive.events" "${R_ARCH_RATE[$s]}" events/s clickhouse.insert.raw.tsv rows/s
        else
          out "result $S_FIG.archive.events n/a (the archive did not catch up)"
        fi
        out "result $S_FIG.archive.caughtup.after ${R_ARCH_SECS[$s]:-never} s after the load stopped" \
            "(${R_ARCH_LAG1[$s]:-?} events behind then)  target <= $ARCHIVE_TARGET s: ${R_ARCH_VERDICT[$s]:-n/a}" ;;
      openloop)
        # Latency at equal load: the same generator, rate and bodies against the do-nothing server (ratio: ours over
        # its; 1.0 would be a free service). wrk's p99 of http.parse.single is at saturation, another load: no ratio.
        if [[ -n ${CEIL[openloop.parse.single.p99]:-} ]]; then
          out "result $S_FIG.p99 ${R_P99[$s]} ms at $OPEN_RATE/s offered  ceiling openloop.parse.single.p99" \
              "${CEIL[openloop.parse.single.p99]} ms at $OPEN_RATE/s  ratio $(ratio "${R_P99[$s]}" "${CEIL[openloop.parse.single.p99]}")"
        else
          out "result $S_FIG.p99 ${R_P99[$s]} ms at $OPEN_RATE/s offered  ceiling openloop.parse.single.p99 n/a"
        fi
        result "$S_FIG.p99" "${R_P99[$s]}" ms http.parse.single.p99 ms
        out "result $S_FIG.target p99 <= $OPEN_P99_TARGET ms at $OPEN_RATE/s offered, every answer 2xx:" \
            "${R_OPEN_VERDICT[$s]} (${R_OPEN[$s]})" ;;
    esac
    out "result $S_FIG.visible.after ${R_E2E_SECS[$s]} s  ($( ((R_E2E_DONE[$s])) && echo "all accepted events visible" || echo "NOT all visible"))"
    if [[ -n ${R_ARCH_SECS[$s]:-} ]]; then
      out "result $S_FIG.archive.after ${R_ARCH_SECS[$s]} s  (archive lag 0; ${R_ARCH_LAG1[$s]:-?} events behind when the load stopped)"
    else
      out "result $S_FIG.archive.after never  (archive NOT caught up; ${R_ARCH_LAG1[$s]:-?} events behind when the load stopped)"
    fi
  done
  out "(kafka.produce.lz4: the best producer ceiling measured (the ceilings measure lz4 and none, not snappy); the" \
      "app's producer uses snappy, acks=all, and sends one Kafka record per event)"

  # The heap over the whole run, app start to stop, from the GC log; the jstat samples of the scenarios beside it.
  local gc jmax=0 oom verdict
  read -r -a gc <<<"$(gc_heap)"
  for s in "${!R_HEAP[@]}"; do
    if [[ ${R_HEAP[$s]} =~ ^[0-9]+$ ]] && ((R_HEAP[$s] > jmax)); then jmax=${R_HEAP[$s]}; fi
  done
  oom=$(grep -c 'OutOfMemoryError' "$RUN_DIR/app.log" || true)
  if [[ ${gc[0]} == n/a ]]; then
    out "result ingest.heap.max ${jmax} MB (jstat samples only; no GC log)  target <= $HEAP_TARGET MB"
  else
    verdict=$(awk -v p="${gc[0]}" -v t="$HEAP_TARGET" -v o="${oom:-0}" 'BEGIN { print (p <= t && o == 0 ? "PASS" : "FAIL") }')
    out "result ingest.heap.max ${gc[0]} MB used at most (just before a collection; GC log, app start to stop), at most" \
        "${gc[1]} MB after one; jstat's once-a-second samples peaked at $jmax MB; ${gc[2]} collections, ${gc[3]} s of" \
        "pauses, the longest ${gc[4]} ms; OutOfMemoryError ${oom:-0} times ($JAVA_OPTS_SHOWN)  target <= $HEAP_TARGET MB: $verdict"
  fi
}

# ------------------------------------------------------------------------------------------------ main

BUILD=0 DURATION=${BENCH_SECONDS:-${ENV_SECONDS:-10}} SCENARIO_LIST=single,batch,kong,openloop SUSTAINED=0 CEILINGS=1
PORT_FROM=${BENCH_PORT:-18888}
while (($#)); do
  case $1 in
    --build) BUILD=1 ;;
    --seconds) (($# >= 2)) || usage_error "--seconds needs N"; DURATION=$2; shift ;;
    --seconds=*) DURATION=${1#*=} ;;
    --scenarios) (($# >= 2)) || usage_error "--scenarios needs a list"; SCENARIO_LIST=$2; shift ;;
    --scenarios=*) SCENARIO_LIST=${1#*=} ;;
    --sustained) SUSTAINED=1 ;;
    --no-ceilings) CEILINGS=0 ;;
    --port) (($# >= 2)) || usage_error "--port needs N"; PORT_FROM=$2; shift ;;
    --port=*) PORT_FROM=${1#*=} ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
  shift
done
in_range --seconds "$DURATION" 1 3600
in_range BENCH_SUSTAINED_SECONDS "$SUSTAINED_SECONDS" 1 3600
in_range BENCH_SUSTAINED_RATE "$SUSTAINED_RATE" 100 10000000
((SUSTAINED_RATE % 100 == 0)) || usage_error "BENCH_SUSTAINED_RATE must be a multiple of 100 (events per batch): $SUSTAINED_RATE"
in_range --port "$PORT_FROM" 1024 64999
in_range BENCH_SUBJECTS "$SUBJECTS" 1 99
in_range BENCH_TARGET "$TARGET" 0 1000000000
in_range BENCH_E2E_TIMEOUT "$E2E_TIMEOUT" 1 86400
in_range BENCH_OPEN_RATE "$OPEN_RATE" 1 200000
in_range BENCH_OPEN_WARMUP "$OPEN_WARMUP" 1 600
in_range BENCH_WARMUP_MAX "$WARMUP_MAX" 1 3600
[[ $JIT_QUIET =~ ^[0-9]+(\.[0-9]+)?$ ]] || usage_error "BENCH_JIT_QUIET must be a number of cores, not '$JIT_QUIET'"
in_range BENCH_OPEN_CONNECTIONS "$OPEN_CONNECTIONS" 1 1000
in_range BENCH_OPEN_P99_TARGET "$OPEN_P99_TARGET" 0 1000000
in_range BENCH_ARCHIVE_TARGET "$ARCHIVE_TARGET" 0 86400
in_range BENCH_HEAP_TARGET "$HEAP_TARGET" 0 1000000
SCENARIOS=()
IFS=', ' read -r -a list <<<"$SCENARIO_LIST"
((SUSTAINED)) && list+=(sustained)
for s in "${list[@]}"; do
  case $s in
    single|batch|kong|openloop|sustained) ;;
    *) usage_error "unknown scenario: $s (single, batch, kong, openloop, sustained)" ;;
  esac
  [[ " ${SCENARIOS[*]} " == *" $s "* ]] || SCENARIOS+=("$s")
done
((${#SCENARIOS[@]})) || usage_error "no scenario selected"
WARMUP=${BENCH_WARMUP:-30}
in_range BENCH_WARMUP "$WARMUP" 1 600

cd "$REPO"
mkdir -p .stack/bench
# One benchmark at a time: two would measure each other.
exec 8>.stack/bench/.lock
flock -n 8 || { echo "ingest.sh: another benchmark holds .stack/bench/.lock" >&2; exit 1; }
RUN=$(date +%Y%m%d-%H%M%S)-$(hex8 | cut -c1-4)
RUN_DIR=$REPO/.stack/bench/$RUN
mkdir -p "$RUN_DIR/bodies"
APP_PID="" HEAP_PID="" TOPIC="" BASE="" FAILED=0
declare -A R_STATE=() R_RPS=() R_EVS=() R_P99=() R_E2E_DONE=() R_E2E_SECS=() R_E2E_RATE=() R_VERDICT=() CEIL=() \
  R_OPEN=() R_OPEN_VERDICT=() R_ARCH_SECS=() R_ARCH_LAG1=() R_ARCH_RATE=() R_ARCH_VERDICT=() R_HEAP=()
# The app's options as given, for the output; the GC log (the whole run's heap peak) is added to them.
JAVA_OPTS_SHOWN="${JAVA_OPTS[*]}"
JAVA_OPTS+=("-Xlog:gc:file=$RUN_DIR/gc.log")

# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
  local rc=$?
  set +e
  trap - EXIT ERR
  heap_stop
  stop_app
  delete_topic
  drop_bench_db
  rm -f "$RUN_DIR/openloop.bodies" "$RUN_DIR/openloop.bodies-warmup"   # about 45 MB per million; a sample is in bodies/
  log "logs: $RUN_DIR"
  exit "$rc"
}
install_traps

ensure_pkg curl curl
ensure_pkg jq jq
ensure_pkg wrk wrk
command -v "$JAVA" >/dev/null || die "no java ($JAVA)"
# The open-loop generator, compiled here as access.sh does (C: it must not compete for the two cores like a JVM would).
if [[ " ${SCENARIOS[*]} " == *" openloop "* || " ${SCENARIOS[*]} " == *" sustained "* ]]; then
  ensure_pkg cc gcc
  if [[ ! -x $OPENLOOP || $BENCH_DIR/openloop.c -nt $OPENLOOP ]]; then
    cc -O2 -Wall -o "$OPENLOOP" "$BENCH_DIR/openloop.c" 2>"$RUN_DIR/openloop-build.log" \
      || { show_tail "$RUN_DIR/openloop-build.log"; die "cannot compile scripts/bench/openloop.c"; }
  fi
fi
JSTAT=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jstat
[[ -x $JSTAT ]] || JSTAT=jstat

use_stack
[[ $CH_DB =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || usage_error "BENCH_CH_DB must be a plain identifier, not '$CH_DB'"

if ((BUILD)); then
  log "building: ./mvnw -q -B -DskipTests install"
  ./mvnw -q -B -DskipTests install >"$RUN_DIR/build.log" 2>&1 7>&- 8>&- || { show_tail "$RUN_DIR/build.log" 40; die "the build failed"; }
fi

use_bench_key

"$BENCH_DIR/bodies.sh" template cloudevents >"$RUN_DIR/cloudevents.tmpl"
if [[ " ${SCENARIOS[*]} " == *" kong "* ]]; then
  "$BENCH_DIR/bodies.sh" template kong >"$RUN_DIR/kong.tmpl"
fi

# Header: what the numbers were measured on and how busy the machine was before.
BUSY=$( { head -n 1 /proc/stat; sleep 1; head -n 1 /proc/stat; } | awk '
  { t = 0; for (i = 2; i <= 9; i++) t += $i; idle = $5 + $6 }
  NR == 1 { t0 = t; i0 = idle } NR == 2 { printf "%.0f", 100 * (1 - (idle - i0) / (t - t0)) }')
JV=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')
out "== Tollgate ingest benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(uname -n): $NCPU CPUs, java $JV," \
    "load $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min), CPUs ${BUSY}% busy before =="
out "app $(basename "$JAR") of $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC'), commit $(git --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo '?'), $JAVA_OPTS_SHOWN;" \
    "wrk -t2 -c64 -d${DURATION}s --latency after a warm-up (${WARMUP} s first, longer until the JIT compilers use < $JIT_QUIET cores, at most $WARMUP_MAX s; 3 s then); $SUBJECTS subjects per scenario"
if [[ " ${SCENARIOS[*]} " == *" openloop "* ]]; then
  w=$OPEN_WARMUP
  [[ ${SCENARIOS[0]} != openloop ]] || ((w >= WARMUP)) || w=$WARMUP
  out "open loop: $OPEN_RATE requests/s offered for ${DURATION} s after a warm-up of $w s at that rate (openloop.c)," \
      "$OPEN_CONNECTIONS connections, one CloudEvent per request, every id distinct; target p99 <= $OPEN_P99_TARGET ms"
fi
[[ " ${SCENARIOS[*]} " != *" sustained "* ]] \
  || out "sustained: 100-event batches at $SUSTAINED_RATE events/s offered for $SUSTAINED_SECONDS s after a warm-up at" \
         "that rate (openloop.c), every id distinct; target $TARGET events/s end to end, archive caught up <= $ARCHIVE_TARGET s"
out "scenarios: ${SCENARIOS[*]}; run $RUN, logs .stack/bench/$RUN"
((BUSY <= 20)) || log "warning: the CPUs were ${BUSY}% busy before the run; other work lowers every figure"

start_app
# The app's start on the clock of /proc/uptime, to read its GC log's uptimes against the scenarios' runs.
APP_START=$(awk -v hz="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%.2f", $20 / hz }' "/proc/$APP_PID/stat")
out "app: $BASE, pid $APP_PID, topic $TOPIC, ClickHouse database $CH_DB, ready"
for s in "${SCENARIOS[@]}"; do
  run_scenario "$s"
done
stop_app

if ((CEILINGS)); then
  run_ceilings
  if [[ ${R_STATE[openloop]:-} == ok || ${R_STATE[openloop]:-} == incomplete ]]; then run_open_ceiling; fi
else
  out "ceilings: skipped (--no-ceilings)"
fi
print_results
exit "$FAILED"
