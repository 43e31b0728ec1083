#!/usr/bin/env bash
# Tollgate ingest benchmark: drives the packaged app with wrk, checks that every accepted event shows up in meter
# queries, then measures this machine's ceilings (../shared/perf/ceilings) and prints each figure as a ratio to its
# ceiling (../shared/perf/CEILINGS.md, section 3). A benchmark, not a test: it measures, it does not assert.
#
# Usage: scripts/bench/ingest.sh [--build] [--seconds N] [--scenarios LIST] [--sustained] [--no-ceilings] [--port N]
#   --build           run ./mvnw -q -B -DskipTests install first (by default nothing is built: the jar must exist)
#   --seconds N       length of each measured wrk run (default 10; also BENCH_SECONDS or SECONDS from the environment)
#   --scenarios LIST  comma-separated, from: single batch kong sustained (default single,batch,kong)
#                       single     one CloudEvent per POST /api/v1/events (application/cloudevents+json)
#                       batch      100 CloudEvents per POST /api/v1/events (application/cloudevents-batch+json)
#                       kong       50 Kong http-log records per POST /api/v1/kong/http-log (skipped while it is a 404)
#                       sustained  the batch scenario for 60 s (BENCH_SUSTAINED_SECONDS) against the 50,000 events/s
#                                  end-to-end target (BENCH_TARGET)
#   --sustained       add the sustained scenario to the list
#   --no-ceilings     do not run ../shared/perf/ceilings (about 3 min); result lines then carry no ratio
#   --port N          first port to try for the app (default 18888; the next free one is used)
#
# Output: stdout has a header (date, CPUs, java, load), per scenario its throughput, latency, end-to-end visibility,
# heap and CPU split, then `result ... ceiling ... ratio ...` lines. Progress goes to stderr, and everything (app log,
# wrk output, heap samples, bodies, ceilings output) to .stack/bench/<run>/ (git-ignored).
# Exit status: 0 if every selected scenario was measured (a skipped one counts) and all its accepted events became
# visible, 1 otherwise or if ceilings failed, 2 on bad usage, 130/143 if interrupted.
#
# Each run starts its own app (java -Xmx512m -jar app/target/quarkus-app/quarkus-run.jar) on 127.0.0.1 and a free port,
# with its own Kafka topic (deleted at the end) and consumer group, JSON logs off, ClickHouse database
# BENCH_CH_DB (default tollgate_bench, so benchmark windows never mix with scripts/run.sh data) and a bootstrap admin
# key kept in .stack/bench/admin-key. It needs the stack (scripts/stack.sh start; started here if it is not running).
#
# Environment: BENCH_SECONDS, BENCH_WARMUP (s before the first scenario, default 30, because C2 is still compiling after 10 s on 2 cores; 3 before the others),
#   BENCH_SUSTAINED_SECONDS (60), BENCH_TARGET (50000 events/s), BENCH_SUBJECTS (16 subjects per scenario),
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
E2E_TIMEOUT=${BENCH_E2E_TIMEOUT:-600}
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
# PREFIX.metrics-2.
wait_visible() { # wait_visible TAG INGESTED_BEFORE PREFIX
  local tag=$1 before=$2 m=$3.metrics-2 v last=-1 last_change now i
  last_change=$(date +%s%N)
  E_DONE=0 E_ACCEPTED=0 E_VISIBLE="" E_FINAL=""
  echo "# seconds-after-run accepted visible" >"$3.visible"
  while :; do
    metrics "$m"
    [[ -s $m ]] && E_ACCEPTED=$(( $(metric "$m" tollgate_events_ingested_total) - before ))
    v=$(visible "$tag")
    now=$(date +%s%N)
    E_SECS=$(calc %.1f "($now - $T_END) / 1e9")
    echo "$E_SECS $E_ACCEPTED ${v:-?}" >>"$3.visible"
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
  S_TEMPLATE=$RUN_DIR/cloudevents.tmpl S_PATH=/api/v1/events S_SECS=$DURATION S_SAMPLE=""
  case $1 in
    single) S_EVENTS=1 S_ARRAY=0 S_CT=application/cloudevents+json S_FIG=ingest.single
            S_SAMPLE=$RUN_DIR/bodies/tollgate-single.json ;;
    batch) S_EVENTS=100 S_ARRAY=1 S_CT=application/cloudevents-batch+json S_FIG=ingest.batch100
           S_SAMPLE=$RUN_DIR/bodies/tollgate-batch100.json ;;
    sustained) S_EVENTS=100 S_ARRAY=1 S_CT=application/cloudevents-batch+json S_FIG=ingest.sustained.batch100
               S_SECS=$SUSTAINED_SECONDS ;;
    kong) S_TEMPLATE=$RUN_DIR/kong.tmpl S_PATH=/api/v1/kong/http-log S_EVENTS=50 S_ARRAY=1 S_CT=application/json
          S_FIG=ingest.kong50 S_SAMPLE=$RUN_DIR/bodies/tollgate-kong50.json ;;
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
  local s=$1 code f=$RUN_DIR/$1
  scenario_params "$s"
  log "== $s: $S_EVENTS event(s) per POST $S_PATH, warm-up ${WARMUP} s, then ${S_SECS} s"

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

  # The app's own counter of events acknowledged by Kafka, before the warm-up and before the measured run.
  local before before_measured warm_ok log_from
  log_from=$(wc -l <"$RUN_DIR/app.log")
  metrics "$f.metrics-0"
  before=$(metric "$f.metrics-0" tollgate_events_ingested_total)
  heap_start "$f.heap"
  run_wrk "$WARMUP" "$f.warmup.wrk" || { scenario_failed "$s" "wrk warm-up (see $f.warmup.wrk)"; return 0; }
  warm_ok=$((W_REQ - W_NON2XX))
  WARMUP=3   # the JIT is warm after the first scenario
  metrics "$f.metrics-w"
  before_measured=$(metric "$f.metrics-w" tollgate_events_ingested_total)

  # The measured run, with the CPU time of the app, the broker and ClickHouse around it.
  local app0 kafka0 ch0 busy0 idle0 app1 kafka1 ch1 busy1 idle1 t0
  thread_ticks "$APP_PID" >"$f.threads-0"
  app0=$(proc_ticks "$APP_PID"); kafka0=$(proc_ticks "$KAFKA_PID"); ch0=$(proc_ticks "$CH_PID")
  read -r busy0 idle0 < <(sys_ticks)
  t0=$(date +%s%N)
  run_wrk "$S_SECS" "$f.wrk" "$S_SAMPLE" || { scenario_failed "$s" "wrk (see $f.wrk)"; return 0; }
  T_END=$(date +%s%N)
  app1=$(proc_ticks "$APP_PID"); kafka1=$(proc_ticks "$KAFKA_PID"); ch1=$(proc_ticks "$CH_PID")
  read -r busy1 idle1 < <(sys_ticks)
  thread_ticks "$APP_PID" >"$f.threads-1"
  metrics "$f.metrics-1"
  kill -0 "$APP_PID" 2>/dev/null || { heap_stop; show_tail "$RUN_DIR/app.log" 40; die "the app died during $s"; }

  local ok evs wall cpu
  ok=$((W_REQ - W_NON2XX))
  evs=$(calc %.0f "$ok * $S_EVENTS / $W_SECS")
  R_RPS[$s]=$(calc %.0f "$ok / $W_SECS") R_EVS[$s]=$evs R_P99[$s]=$W_P99
  out "scenario $s: ${R_RPS[$s]} req/s answered 2xx = $evs events/s, p50 $W_P50 ms, p99 $W_P99 ms," \
      "non-2xx $W_NON2XX of $W_REQ${W_SOCKERR:+, $W_SOCKERR} ($S_EVENTS events/request, ${W_SECS} s)"
  [[ $W_NON2XX == 0 ]] || out "  answers to POST during $s: $(status_delta "$f.metrics-0" "$f.metrics-1")"
  wall=$(calc %.3f "($T_END - $t0) / 1e9")
  cpu=$(awk -v a="$((app1 - app0))" -v k="$((kafka1 - kafka0))" -v c="$((ch1 - ch0))" -v b="$((busy1 - busy0))" \
    -v i="$((idle1 - idle0))" -v w="$W_CPU" -v hz="$CLK_TCK" -v t="$wall" -v n="$NCPU" 'BEGIN {
      o = b / hz - (a + k + c) / hz - w; if (o < 0) o = 0
      printf "app %.2f, wrk %.2f, kafka %.2f, clickhouse %.2f, other %.2f, idle %.2f (cores busy on average, of %d)",
        a / hz / t, w / t, k / hz / t, c / hz / t, o / t, i / hz / t, n }')
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
  heap_stop
  R_E2E_DONE[$s]=$E_DONE R_E2E_SECS[$s]=$E_SECS
  if ((E_DONE)); then
    out "  e2e $s: accepted $E_ACCEPTED events (app counter), all visible in meter queries ${E_SECS} s after the run;" \
        "2xx answers carried $(( (warm_ok + ok) * S_EVENTS )); the count settled at $E_FINAL" \
        "($((E_FINAL - E_ACCEPTED)) more: requests in flight when wrk stopped)"
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
  out "  aggregator $s: $behind events behind when wrk stopped, then $(calc %.0f \
      "($consumed2 - $consumed1) / ($E_SECS > 0 ? $E_SECS : 1)") events/s until visible; ClickHouse inserts:" \
      "$(ch_inserts "$f.metrics-0" "$f.metrics-2"); while catching up: $catchup, app threads" \
      "$(thread_split "$f.threads-1" "$f.threads-2" "$E_SECS")"
  local heap
  read -r -a heap <<<"$(heap_summary "$f.heap")"
  if [[ ${heap[0]} == n/a ]]; then
    out "  heap $s: n/a (jstat: $(head -c 200 "$f.heap"))"
  else
    out "  heap $s: max used ${heap[0]} MB (${JAVA_OPTS[*]}), GC ${heap[1]} s in ${heap[2]} collections," \
        "RSS $(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status") MB"
  fi

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
  log "running ../shared/perf/ceilings ${args[*]} (about 2-3 min; output in $RUN_DIR/ceilings.out)"
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
        out "result $S_FIG.target $TARGET events/s for ${S_SECS} s end to end: ${R_VERDICT[$s]:-n/a}" ;;
    esac
    out "result $S_FIG.visible.after ${R_E2E_SECS[$s]} s  ($( ((R_E2E_DONE[$s])) && echo "all accepted events visible" || echo "NOT all visible"))"
  done
  out "(kafka.produce.lz4: the app's producer uses lz4, acks=all, and sends one Kafka record per event)"
}

# ------------------------------------------------------------------------------------------------ main

BUILD=0 DURATION=${BENCH_SECONDS:-${ENV_SECONDS:-10}} SCENARIO_LIST=single,batch,kong SUSTAINED=0 CEILINGS=1
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
in_range --port "$PORT_FROM" 1024 64999
in_range BENCH_SUBJECTS "$SUBJECTS" 1 99
in_range BENCH_TARGET "$TARGET" 0 1000000000
in_range BENCH_E2E_TIMEOUT "$E2E_TIMEOUT" 1 86400
SCENARIOS=()
IFS=', ' read -r -a list <<<"$SCENARIO_LIST"
((SUSTAINED)) && list+=(sustained)
for s in "${list[@]}"; do
  case $s in single|batch|kong|sustained) ;; *) usage_error "unknown scenario: $s (single, batch, kong, sustained)" ;; esac
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
declare -A R_STATE=() R_RPS=() R_EVS=() R_P99=() R_E2E_DONE=() R_E2E_SECS=() R_E2E_RATE=() R_VERDICT=() CEIL=()

# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
  local rc=$?
  set +e
  trap - EXIT ERR
  heap_stop
  stop_app
  delete_topic
  drop_bench_db
  log "logs: $RUN_DIR"
  exit "$rc"
}
install_traps

ensure_pkg curl curl
ensure_pkg jq jq
ensure_pkg wrk wrk
command -v "$JAVA" >/dev/null || die "no java ($JAVA)"
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
out "app $(basename "$JAR") of $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC'), commit $(git --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo '?'), ${JAVA_OPTS[*]};" \
    "wrk -t2 -c64 -d${DURATION}s --latency after a warm-up (${WARMUP} s first, 3 s then); $SUBJECTS subjects per scenario"
out "scenarios: ${SCENARIOS[*]}; run $RUN, logs .stack/bench/$RUN"
((BUSY <= 20)) || log "warning: the CPUs were ${BUSY}% busy before the run; other work lowers every figure"

start_app
out "app: $BASE, pid $APP_PID, topic $TOPIC, ClickHouse database $CH_DB, ready"
for s in "${SCENARIOS[@]}"; do
  run_scenario "$s"
done
stop_app

if ((CEILINGS)); then
  run_ceilings
else
  out "ceilings: skipped (--no-ceilings)"
fi
print_results
exit "$FAILED"
