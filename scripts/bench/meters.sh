#!/usr/bin/env bash
# Tollgate meter query benchmark (issue 4, section 6): loads N LLM-usage events through the HTTP API into a meter,
# then measures meter query latency against the same query run directly in ClickHouse over the raw events, and the
# time from POSTing an event to seeing it in a meter query while a steady background load runs. A benchmark, not a
# test: it measures and prints PASS/FAIL against the targets, it does not assert them.
#
# Usage: scripts/bench/meters.sh [--events N] [--skip-load] [--drop-data] [--port N] [--help]
#   --events N   events to load (default 10,000,000; also BENCH_EVENTS), spread uniformly over the 30 days that end
#                at the whole minute the run starts, over BENCH_SUBJECTS subjects, type bench-llm, with data
#                {model (5 values), region (4), tier (3), tokens (1..2000)}
#   --skip-load  load nothing: reuse the ClickHouse database and PostgreSQL schema that a previous run kept with
#                BENCH_KEEP_DATA=1 (its time range and totals are in .stack/bench/meters-<BENCH_CH_DB>.state), and
#                measure the queries and the visibility again. With --skip-load the data is kept again by default.
#                Each run's phase 3 adds its background events (time = now, so outside the loaded range) to the data.
#   --drop-data  only drop the kept ClickHouse database and PostgreSQL schema, then exit
#   --port N     first port to try for the app (default 18888; the next free one is used)
#
# Phases:
#   1. load     meter bench_tokens (SUM of $.tokens, groupBy model, region, tier) is created first, so that it folds
#               live; once its backfill is DONE, wrk (BENCH_LOAD_CONNECTIONS threads, one connection each) POSTs
#               BENCH_BATCH events per request (scripts/bench/meters.lua) until all N are accepted; non-2xx answers
#               are retried with the same ids. Then it waits until the meter's all-time total equals the sum of the
#               tokens sent, and ClickHouse merges have settled.
#   2. queries  Q1: one subject, the 30 days, windowSize=DAY; Q2: all subjects, the 30 days, no windowSize,
#               groupBy=model. Each through Tollgate and directly in ClickHouse over <db>.events (the SQL is in the
#               run directory), after a warm-up, BENCH_QUERY_REPS sequential requests over one keep-alive connection
#               (curl), p50/p99 and the ratio Tollgate/raw; the answers are checked against each other first.
#   3. visible  scripts/bench/meters.py steady posts BENCH_STEADY_RATE events/s in the background while
#               meters.py probe, BENCH_PROBES times, POSTs one event for a new subject and polls the meter for it
#               every BENCH_PROBE_POLL_MS ms: latency from the POST to the first answer that shows it.
# Targets: Q1 p99 <= 50 ms, Q2 p99 <= 300 ms, event to visible p99 <= 2 s.
#
# Output: stdout has a header (date, CPUs, java, commit), a line per phase, then `result ...` lines. Progress goes to
# stderr, everything else (app log, wrk output, SQL, timings, probe latencies) to .stack/bench/<run>/ (git-ignored).
# Exit status: 0 if every phase was measured (whatever the targets say), 1 otherwise, 2 on bad usage, 130/143 if
# interrupted.
#
# The run starts its own app (java -Xmx512m -XX:+UseParallelGC -jar app/target/quarkus-app/quarkus-run.jar) on
# 127.0.0.1 and a free port, with its own Kafka topic (deleted at the end) and consumer group, JSON logs off, its own
# ClickHouse database BENCH_CH_DB and its own PostgreSQL schema BENCH_PG_SCHEMA in the stack's tollgate database (the
# meter, its backfill and the API key live there, so nothing shows up in scripts/run.sh's meters and no other
# instance can pick up the benchmark meter's backfill), and the bootstrap admin key of .stack/bench/admin-key. Both
# are dropped at the start of a run that loads, and at the end unless BENCH_KEEP_DATA=1. Needs the stack
# (scripts/stack.sh start; started here if it is not running), wrk, curl and jq (installed with apt when missing, as
# root) and python3. It builds the app when app/target/quarkus-app is missing.
#
# Environment: BENCH_EVENTS (10000000), BENCH_SUBJECTS (1000), BENCH_BATCH (1000 events per POST),
#   BENCH_LOAD_CONNECTIONS (4), BENCH_DAYS (30), BENCH_CH_DB (tollgate_bench_meters),
#   BENCH_PG_SCHEMA (tollgate_bench_meters), BENCH_KEEP_DATA (0; 1 keeps the ClickHouse database and PostgreSQL schema
#   for --skip-load; with --skip-load it defaults to 1), BENCH_KEEP_TOPIC=1 (keep the run's Kafka topic),
#   BENCH_QUERY_REPS (200 measured requests per query), BENCH_QUERY_MAX_SECONDS (120: a query measurement stops after
#   this long once it has at least BENCH_QUERY_MIN_REPS (30) requests), BENCH_QUERY_WARMUP (20 requests, at most 15 s),
#   BENCH_SETTLE_SECONDS (300 s at most to wait for ClickHouse merges before the queries), BENCH_OPTIMIZE=1 (OPTIMIZE
#   TABLE ... FINAL both tables before the queries, as CEILINGS.md section 4 did), BENCH_STEADY_RATE (5000 events/s),
#   BENCH_STEADY_BATCH (100), BENCH_PROBES (100), BENCH_PROBE_POLL_MS (25), BENCH_VISIBLE_TIMEOUT (1800 s at most
#   from the end of the load until every event is in the meter), BENCH_STALL (120 s without progress ends that wait),
#   BENCH_JAVA (java), BENCH_JAVA_OPTS (-Xmx512m -XX:+UseParallelGC), BENCH_PORT (18888),
#   BENCH_JAR (app/target/quarkus-app/quarkus-run.jar: another build of the app, e.g. of an older commit).
set -Eeuo pipefail
export LC_ALL=C

# Progress goes to fd 7, a copy of stderr, so that cleanup messages reach the terminal whatever is redirected.
exec 7>&2

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
BENCH_DIR="$REPO/scripts/bench"
# shellcheck source=scripts/bench/lib.sh
. "$BENCH_DIR/lib.sh"
JAR=${BENCH_JAR:-$REPO/app/target/quarkus-app/quarkus-run.jar}
JAVA=${BENCH_JAVA:-java}
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx512m -XX:+UseParallelGC}"
CH_DB=${BENCH_CH_DB:-tollgate_bench_meters}
PG_SCHEMA=${BENCH_PG_SCHEMA:-tollgate_bench_meters}
EVENTS=${BENCH_EVENTS:-10000000}
SUBJECTS=${BENCH_SUBJECTS:-1000}
BATCH=${BENCH_BATCH:-1000}
LOAD_CONNS=${BENCH_LOAD_CONNECTIONS:-4}
DAYS=${BENCH_DAYS:-30}
QUERY_REPS=${BENCH_QUERY_REPS:-200}
QUERY_MIN_REPS=${BENCH_QUERY_MIN_REPS:-30}
QUERY_MAX_SECONDS=${BENCH_QUERY_MAX_SECONDS:-120}
QUERY_WARMUP=${BENCH_QUERY_WARMUP:-20}
SETTLE_SECONDS=${BENCH_SETTLE_SECONDS:-300}
STEADY_RATE=${BENCH_STEADY_RATE:-5000}
STEADY_BATCH=${BENCH_STEADY_BATCH:-100}
PROBES=${BENCH_PROBES:-100}
PROBE_POLL_MS=${BENCH_PROBE_POLL_MS:-25}
VISIBLE_TIMEOUT=${BENCH_VISIBLE_TIMEOUT:-1800}
STALL=${BENCH_STALL:-120}
METER=bench_tokens
Q1_SUBJECT=bench-0001
TARGET_Q1=50 TARGET_Q2=300 TARGET_VISIBLE=2000   # ms, p99
CLK_TCK=$(getconf CLK_TCK)
NCPU=$(nproc)

# ------------------------------------------------------------------------------------------------ helpers

usage() { sed -n '2,/^[^#]/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
usage_error() { echo "meters.sh: $*" >&2; usage | grep '^Usage:' >&2; exit 2; }
now_ns() { date +%s%N; }
secs_since() { calc %.1f "($(now_ns) - $1) / 1e9"; }   # secs_since START_NS
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# ClickHouse over HTTP: the SQL in the body, FORMAT in the text (18.16 has no query parameters).
ch_sql() { curl -sS --fail --max-time "${2:-600}" "$CH_URL/" --data-binary "$1"; }
# PostgreSQL as the app's user, over TCP, in the stack's database.
pg_sql() {
  PGPASSWORD=$TOLLGATE_PG_PASSWORD PGCONNECT_TIMEOUT=5 "$PSQL" -X -q -At -v ON_ERROR_STOP=1 \
    -h "$TOLLGATE_PG_HOST" -p "$TOLLGATE_PG_PORT" -U "$TOLLGATE_PG_USER" -d "$PG_DBNAME" -c "$1"
}
# The API as the bootstrap admin: api METHOD PATH [JSON BODY]; sets API_STATUS (000 if no answer) and API_BODY.
# Not meant for $(...): the variables must land in the caller's shell.
api() {
  local f=$RUN_DIR/api.answer body=()
  [[ -n ${3:-} ]] && body=(-H 'Content-Type: application/json' --data-binary "$3")
  : >"$f"
  API_STATUS=$(curl -sS -o "$f" --max-time 60 -w '%{http_code}' -X "$1" -H "Authorization: Bearer $KEY" \
    "${body[@]}" "$BASE$2" 2>>"$RUN_DIR/bench.log" || echo 000)
  API_BODY=$(cat "$f")
}
metrics() { curl -sS --max-time 10 "$MGMT/q/metrics" 2>/dev/null || true; }
# metric NAME [LABEL_SUBSTRING]: sum of a Prometheus metric's samples (read from stdin), optionally only those whose
# labels contain the substring
metric() {
  awk -v n="$1" -v l="${2:-}" '($1 == n || index($1, n "{") == 1) && (l == "" || index($1, l) > 0) { s += $NF }
    END { printf "%.0f", s }'
}
# Nearest-rank percentiles of a timing file "<http code> <seconds>" (curl) or "<i> <ms> ..." (probe):
# pctl FILE COLUMN SCALE -> "<n> <p50 ms> <p99 ms> <max ms>", or "0 n/a n/a n/a"
pctl() {
  awk -v c="$2" -v s="$3" '$c ~ /^[0-9.]+$/ { print $c * s }' "$1" | sort -g | awk '{ v[NR] = $1 }
    function at(p,   i) { i = int(p * NR); if (i < p * NR) i++; if (i < 1) i = 1; return v[i] }
    END { if (!NR) { print "0 n/a n/a n/a"; exit } printf "%d %.2f %.2f %.2f\n", NR, at(0.5), at(0.99), v[NR] }'
}
urlencode() { jq -rn --arg s "$1" '$s | @uri'; }

# ------------------------------------------------------------------------------------------------ the app

# The benchmark's data: the ClickHouse database (raw events, about 60 MB per million, and windows), the PostgreSQL
# schema (meters, backfills, API keys) and the state file that --skip-load reads. Never scripts/run.sh's or the tests'.
# shellcheck disable=SC2317  # called from the EXIT trap and before a load
drop_data() {
  local ok=1
  if ! ch_sql "DROP DATABASE IF EXISTS $CH_DB" 120 >/dev/null 2>>"$RUN_DIR/bench.log"; then
    log "warning: could not drop ClickHouse database $CH_DB"; ok=0
  fi
  if ! pg_sql "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>>"$RUN_DIR/bench.log"; then
    log "warning: could not drop PostgreSQL schema $PG_SCHEMA"; ok=0
  fi
  rm -f "$STATE"
  ((ok)) && log "dropped ClickHouse database $CH_DB and PostgreSQL schema $PG_SCHEMA"
  return 0
}

# ------------------------------------------------------------------------------------------------ phase 1: load

create_meter() {
  local body answer i status=""
  body=$(jq -cn --arg s "$METER" '{slug: $s, name: "Benchmark LLM tokens", aggregation: "SUM", eventType: "bench-llm",
    valueProperty: "$.tokens", groupBy: {model: "$.model", region: "$.region", tier: "$.tier"}}')
  api POST /api/v1/meters "$body"; answer=$API_BODY
  [[ $API_STATUS == 201 ]] || die "creating meter $METER: HTTP $API_STATUS: ${answer:0:300}"
  METER_ID=$(jq -r '.id // empty' <<<"$answer")
  log "created meter $METER (id $METER_ID); waiting for its backfill to finish"
  for i in $(seq 1 600); do   # up to 120 s; it is active on every partition within a second or two
    api GET "/api/v1/meters/$METER/backfill"; answer=$API_BODY
    status=$(jq -r '.status // empty' <<<"$answer" 2>/dev/null || true)
    [[ $status == DONE ]] && break
    sleep 0.2
  done
  [[ $status == DONE ]] || die "the backfill of $METER is not DONE after 120 s: ${answer:0:300}"
  log "meter $METER is folded live on every partition (backfill DONE after $(calc %.1f "$i / 5") s)"
}

# meter_total [QUERY STRING]: the meter's total (all time by default) in METER_TOTAL, or "" if the query failed.
meter_total() {
  METER_TOTAL=""
  api GET "/api/v1/meters/$METER/query${1:-}"
  [[ $API_STATUS == 200 ]] || return 0
  METER_TOTAL=$(jq -r '[.data[]?.value | tonumber] | add // 0 | floor' <<<"$API_BODY" 2>/dev/null || true)
}

load_events() {
  local threads marks=$RUN_DIR/load-marks f=$RUN_DIR/load.wrk n i last_log=0 m ingested folded
  threads=$(( (EVENTS + BATCH - 1) / BATCH ))
  ((threads > LOAD_CONNS)) && threads=$LOAD_CONNS
  mkdir -p "$marks"
  log "loading $EVENTS events: wrk -t$threads -c$threads, $BATCH events per POST, times in $(iso "$T_START") .. $(iso "$T_END")"
  local app0 kafka0 ch0
  app0=$(proc_ticks "$APP_PID"); kafka0=$(proc_ticks "$KAFKA_PID"); ch0=$(proc_ticks "$CH_PID")
  thread_ticks "$APP_PID" >"$RUN_DIR/threads-load-start"
  T_LOAD0=$(now_ns)
  EVENTS=$EVENTS THREADS=$threads BATCH=$BATCH SUBJECTS=$SUBJECTS FROM=$T_START TO=$T_END IDTAG=$(hex8) \
    MARK_DIR=$marks AUTH="Bearer $KEY" \
    wrk -t"$threads" -c"$threads" -d86400s --timeout 60s --latency -s "$BENCH_DIR/meters.lua" \
    "$BASE/api/v1/events" >"$f" 2>&1 7>&- 8>&- &
  WRK_PID=$!
  # wrk runs for a fixed time; each thread writes a file when its share is accepted, and SIGINT ends wrk early
  # (it still prints its statistics).
  while :; do
    n=$(find "$marks" -type f | wc -l)
    ((n >= threads)) && break
    kill -0 "$WRK_PID" 2>/dev/null || { show_tail "$f"; WRK_PID=""; die "wrk ended before loading every event"; }
    if (( $(now_ns) - last_log >= 10000000000 )); then
      last_log=$(now_ns)
      m=$(metrics)
      ingested=$(metric tollgate_events_ingested_total <<<"$m")
      folded=$(metric tollgate_aggregator_events_total 'outcome="folded"' <<<"$m")
      log "  $(secs_since "$T_LOAD0") s: $ingested events accepted ($(calc %.0f "$ingested / (($(now_ns) - $T_LOAD0) / 1e9)") events/s), $folded folded"
    fi
    sleep 0.2
  done
  T_LOAD1=$(now_ns)
  kill -INT "$WRK_PID" 2>/dev/null || true
  wait "$WRK_PID" 2>/dev/null || true
  WRK_PID=""
  L_CPU=$(cpu_since "$app0" "$kafka0" "$ch0")
  thread_ticks "$APP_PID" >"$RUN_DIR/threads-load-end"
  L_THREADS=$(thread_split "$RUN_DIR/threads-load-start" "$RUN_DIR/threads-load-end")
  # The catch-up phase starts here: its CPU is measured from these.
  app1=$(proc_ticks "$APP_PID"); kafka1=$(proc_ticks "$KAFKA_PID"); ch1=$(proc_ticks "$CH_PID")
  read -r L_EVENTS L_TOKENS L_RETRIES L_GAVEUP < <(cat "$marks"/* | awk '{ e += $2; t += $3; r += $4; g += $5 }
    END { printf "%d %.0f %d %d\n", e, t, r, g }')
  L_SECS=$(calc %.3f "($T_LOAD1 - $T_LOAD0) / 1e9")
  L_RATE=$(calc %.0f "$L_EVENTS / $L_SECS")
  L_P50=$(awk '$1 == "50%" { print $2; exit }' "$f")
  L_P99=$(awk '$1 == "99%" { print $2; exit }' "$f")
  ((L_GAVEUP == 0)) || die "a wrk thread gave up after repeated non-2xx answers; $L_EVENTS of $EVENTS events accepted (see $f and $RUN_DIR/app.log)"
  ((L_EVENTS == EVENTS)) || die "only $L_EVENTS of $EVENTS events were accepted (see $f)"
  out "load: $L_EVENTS events accepted in $L_SECS s = $L_RATE events/s ($threads connections x $BATCH events per POST," \
      "POST p50 $L_P50 p99 $L_P99, $L_RETRIES non-2xx answers retried); $L_TOKENS tokens in all"
}

# Waits until the meter's all-time total equals the tokens sent. The aggregator's folded counter is watched first
# (cheap); the total, a scan over every window of the meter, is only asked for once the counter says all are in.
wait_visible() {
  local m folded=0 last=-1 last_change total="" i=0
  last_change=$(now_ns)
  log "waiting until the meter's all-time total is $L_TOKENS"
  while :; do
    m=$(metrics)
    folded=$(metric tollgate_aggregator_events_total 'outcome="folded"' <<<"$m")
    if ((folded >= L_EVENTS)); then
      meter_total; total=$METER_TOTAL
      [[ $total == "$L_TOKENS" ]] && break
    fi
    if ((folded != last)); then last=$folded; last_change=$(now_ns); fi
    if (( ($(now_ns) - last_change) / 1000000000 >= STALL )); then
      die "the meter is stuck: $folded events folded, total ${total:-?} of $L_TOKENS, nothing moved for $STALL s"
    fi
    if (( ($(now_ns) - T_LOAD1) / 1000000000 >= VISIBLE_TIMEOUT )); then
      die "not every event is in the meter after $VISIBLE_TIMEOUT s: $folded folded, total ${total:-?} of $L_TOKENS"
    fi
    if ((++i % 10 == 0)); then log "  $(secs_since "$T_LOAD1") s after the load: $folded of $L_EVENTS events folded"; fi
    if ((folded >= L_EVENTS)); then sleep 0.5; else sleep 2; fi
  done
  T_VISIBLE=$(now_ns)
  V_SECS=$(calc %.1f "($T_VISIBLE - $T_LOAD1) / 1e9")
  V_E2E=$(calc %.0f "$L_EVENTS / (($T_VISIBLE - $T_LOAD0) / 1e9)")
  local status
  api GET "/api/v1/meters/$METER/backfill"
  status=$(jq -r '.status // "?"' <<<"$API_BODY" 2>/dev/null || echo '?')
  local catchup_cpu catchup_threads
  catchup_cpu=$(cpu_since "$app1" "$kafka1" "$ch1")
  thread_ticks "$APP_PID" >"$RUN_DIR/threads-catchup-end"
  catchup_threads=$(thread_split "$RUN_DIR/threads-load-end" "$RUN_DIR/threads-catchup-end")
  out "visible: the all-time total of $METER is $L_TOKENS (every event) $V_SECS s after the load ended;" \
      "load + catch-up $(calc %.1f "($T_VISIBLE - $T_LOAD0) / 1e9") s = $V_E2E events/s end to end; backfill $status"
  out "cpu: load phase $L_CPU s (app threads: $L_THREADS); catch-up phase $catchup_cpu s (app threads:" \
      "$catchup_threads)"
}

# CPU seconds of the app, Kafka and ClickHouse since the given tick counts.
cpu_since() {
  awk -v a="$(( $(proc_ticks "$APP_PID") - $1 ))" -v k="$(( $(proc_ticks "$KAFKA_PID") - $2 ))" \
    -v c="$(( $(proc_ticks "$CH_PID") - $3 ))" -v hz="$CLK_TCK" \
    'BEGIN { printf "app %.1f, kafka %.1f, clickhouse %.1f", a / hz, k / hz, c / hz }'
}

write_state() {
  cat >"$STATE" <<EOF
# scripts/bench/meters.sh: the data kept in ClickHouse database $CH_DB and PostgreSQL schema $PG_SCHEMA
RUN=$RUN
T_START=$T_START
T_END=$T_END
EVENTS=$L_EVENTS
TOKENS=$L_TOKENS
SUBJECTS=$SUBJECTS
EOF
}

read_state() {
  [[ -r $STATE ]] || die "--skip-load: no $STATE; run once with BENCH_KEEP_DATA=1 first"
  local k v
  while IFS='=' read -r k v; do
    [[ $v =~ ^[0-9A-Za-z_-]+$ ]] || continue
    case $k in
      RUN) S_RUN=$v ;; T_START) T_START=$v ;; T_END) T_END=$v ;; EVENTS) L_EVENTS=$v ;; TOKENS) L_TOKENS=$v ;;
      SUBJECTS) SUBJECTS=$v ;;
    esac
  done <"$STATE"
  [[ -n ${T_START:-} && -n ${T_END:-} && -n ${L_EVENTS:-} && -n ${L_TOKENS:-} ]] || die "$STATE is incomplete"
  [[ $(ch_sql "SELECT count() FROM system.databases WHERE name = '$CH_DB'") == 1 ]] \
    || die "--skip-load: ClickHouse database $CH_DB is gone"
  [[ $(pg_sql "SELECT count(*) FROM pg_namespace WHERE nspname = '$PG_SCHEMA'") == 1 ]] \
    || die "--skip-load: PostgreSQL schema $PG_SCHEMA is gone"
}

# Background merges take CPU from the queries, and the number of parts changes their speed: wait until ClickHouse
# has no merge running in the database for 5 s in a row (or BENCH_SETTLE_SECONDS), optionally OPTIMIZE ... FINAL.
settle_clickhouse() {
  local t0 quiet=0 n
  t0=$(now_ns)
  if [[ ${BENCH_OPTIMIZE:-0} == 1 ]]; then
    log "OPTIMIZE TABLE ... FINAL on $CH_DB.events and $CH_DB.meter_windows_agg (BENCH_OPTIMIZE=1)"
    ch_sql "OPTIMIZE TABLE $CH_DB.events FINAL" 3600 >/dev/null
    ch_sql "OPTIMIZE TABLE $CH_DB.meter_windows_agg FINAL" 3600 >/dev/null
  fi
  while (( ($(now_ns) - t0) / 1000000000 < SETTLE_SECONDS )); do
    n=$(ch_sql "SELECT count() FROM system.merges WHERE database = '$CH_DB'" 30 || echo 1)
    if [[ $n == 0 ]]; then quiet=$((quiet + 1)); else quiet=0; fi
    ((quiet >= 5)) && break
    sleep 1
  done
  PARTS=$(ch_sql "SELECT table, count(), sum(rows) FROM system.parts WHERE database = '$CH_DB' AND active
    AND table IN ('events', 'meter_windows_agg') GROUP BY table ORDER BY table FORMAT TSV" 30 \
    | awk '{ printf "%s%s %d parts %d rows", (NR > 1 ? ", " : ""), $1, $2, $3 }')
  out "clickhouse: merges settled after $(secs_since "$t0") s$( ((quiet >= 5)) || echo " (NOT settled, still merging)");" \
      "$PARTS$([[ ${BENCH_OPTIMIZE:-0} == 1 ]] && echo ", OPTIMIZE FINAL done")"
  out "stored window rows by span (seconds: rows): $(ch_sql "SELECT window_seconds, count() FROM $CH_DB.meter_windows_agg
    WHERE namespace != '' GROUP BY window_seconds ORDER BY window_seconds FORMAT TSV" 60 \
    | awk '{ printf "%s%s: %d", (NR > 1 ? ", " : ""), $1, $2 }')"
}

# ------------------------------------------------------------------------------------------------ phase 2: queries

# time_requests NAME URL AUTH(0|1): warm-up, then up to QUERY_REPS sequential requests over one keep-alive connection
# (one curl process per chunk of requests). Sets T_N, T_P50, T_P99, T_MAX (ms); fails on any non-200 answer.
time_requests() {
  local name=$1 url=$2 auth=$3 f=$RUN_DIR/query-$1 t0 done=0 chunk n
  run_chunk() { # run_chunk COUNT OUTFILE
    { if [[ $auth == 1 ]]; then printf 'header = "Authorization: Bearer %s"\n' "$KEY"; fi
      for ((j = 0; j < $1; j++)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done; } >"$f.curlrc"
    curl -sS --max-time 600 -K "$f.curlrc" -w '%{http_code} %{time_total}\n' >>"$2" 2>>"$f.err" || true
  }
  : >"$f.warmup"; : >"$f.times"
  t0=$(now_ns)
  while ((done < QUERY_WARMUP && ($(now_ns) - t0) / 1000000000 < 15)); do
    chunk=5; run_chunk "$chunk" "$f.warmup"; done=$((done + chunk))
  done
  if awk '$1 != 200 { bad = 1 } END { exit !bad }' "$f.warmup"; then
    show_tail "$f.err" 5
    die "query $name: non-200 answers during the warm-up ($(awk '{ print $1 }' "$f.warmup" | sort | uniq -c | tr '\n' ' '))"
  fi
  t0=$(now_ns); done=0
  while ((done < QUERY_REPS)); do
    chunk=$((QUERY_REPS - done)); ((chunk > 20)) && chunk=20
    run_chunk "$chunk" "$f.times"; done=$((done + chunk))
    if ((done >= QUERY_MIN_REPS && ($(now_ns) - t0) / 1000000000 >= QUERY_MAX_SECONDS)); then
      log "  $name: stopping after $done requests ($QUERY_MAX_SECONDS s)"
      break
    fi
  done
  n=$(awk '$1 != 200' "$f.times" | wc -l)
  ((n == 0)) || die "query $name: $n non-200 answers (see $f.times)"
  read -r T_N T_P50 T_P99 T_MAX < <(pctl "$f.times" 2 1000)
  ((T_N > 0)) || die "query $name: no timings (see $f.err)"
  log "  $name: n $T_N, p50 $T_P50 ms, p99 $T_P99 ms, max $T_MAX ms"
}

measure_queries() {
  local from to q1 q2 q1raw q2raw tg raw
  from=$(iso "$T_START"); to=$(iso "$T_END")
  q1="$BASE/api/v1/meters/$METER/query?from=$from&to=$to&windowSize=DAY&windowTimeZone=UTC&subject=$Q1_SUBJECT"
  q2="$BASE/api/v1/meters/$METER/query?from=$from&to=$to&groupBy=model"
  local where="namespace = 'default' AND type = 'bench-llm' AND time >= toDateTime($T_START) AND time < toDateTime($T_END)"
  q1raw="SELECT toStartOfDay(time) AS d, sum(visitParamExtractFloat(event, 'tokens')) AS v FROM $CH_DB.events WHERE $where AND subject = '$Q1_SUBJECT' GROUP BY d ORDER BY d FORMAT JSONEachRow"
  q2raw="SELECT visitParamExtractString(event, 'model') AS m, sum(visitParamExtractFloat(event, 'tokens')) AS v FROM $CH_DB.events WHERE $where GROUP BY m ORDER BY m FORMAT JSONEachRow"
  printf '%s\n%s\n' "$q1raw" "$q2raw" >"$RUN_DIR/raw-queries.sql"
  printf '%s\n%s\n' "$q1" "$q2" >"$RUN_DIR/tollgate-queries.txt"

  # The two sides must agree before their speed means anything: Q1 day by day, Q2 model by model.
  log "checking that Tollgate and the raw events agree on Q1 and Q2"
  api GET "${q1#"$BASE"}"
  tg=$(jq -c '[.data[] | {d: .windowStart, v: (.value | tonumber)}] | sort_by(.d)
    | map({d: (.d | sub("\\.0+Z$"; "Z") | fromdateiso8601), v})' <<<"$API_BODY")
  raw=$(ch_sql "$q1raw" | jq -sc 'map({d: (.d + " UTC" | strptime("%Y-%m-%d %H:%M:%S UTC") | mktime), v})')
  Q1_CHECK=$(jq -rn --argjson a "$tg" --argjson b "$raw" 'if ($a | length) == ($b | length)
    and ([range($a | length)] | all(. as $i | $a[$i].d == $b[$i].d and (($a[$i].v - $b[$i].v) | fabs) < 0.001))
    then "agree (\($a | length) days, total \($a | map(.v) | add))" else "DIFFER" end')
  api GET "${q2#"$BASE"}"
  tg=$(jq -c '[.data[] | {m: .groupBy.model, v: (.value | tonumber)}] | sort_by(.m)' <<<"$API_BODY")
  raw=$(ch_sql "$q2raw" | jq -sc 'map({m, v}) | sort_by(.m)')
  Q2_CHECK=$(jq -rn --argjson a "$tg" --argjson b "$raw" --arg t "$L_TOKENS" 'if ($a | length) == ($b | length)
    and ([range($a | length)] | all(. as $i | $a[$i].m == $b[$i].m and (($a[$i].v - $b[$i].v) | fabs) < 0.001))
    then "agree (\($a | length) models, total \($a | map(.v) | add | floor)\(if ($a | map(.v) | add | floor | tostring) == $t then ", every event" else ", NOT the \($t) loaded" end))"
    else "DIFFER" end')
  out "check: Q1 $Q1_CHECK; Q2 $Q2_CHECK"
  if [[ $Q1_CHECK == DIFFER* || $Q2_CHECK == DIFFER* ]]; then
    log "warning: Tollgate and the raw events disagree (Q1: $RUN_DIR/query answers differ); timing them anyway"
    FAILED=1
  fi

  log "timing Q1 through Tollgate"
  time_requests q1 "$q1" 1; Q1=("$T_N" "$T_P50" "$T_P99" "$T_MAX")
  log "timing Q1 directly in ClickHouse over $CH_DB.events"
  time_requests q1raw "$CH_URL/?query=$(urlencode "$q1raw")" 0; Q1R=("$T_N" "$T_P50" "$T_P99" "$T_MAX")
  log "timing Q2 through Tollgate"
  time_requests q2 "$q2" 1; Q2=("$T_N" "$T_P50" "$T_P99" "$T_MAX")
  log "timing Q2 directly in ClickHouse over $CH_DB.events"
  time_requests q2raw "$CH_URL/?query=$(urlencode "$q2raw")" 0; Q2R=("$T_N" "$T_P50" "$T_P99" "$T_MAX")
  out "queries: Q1 one subject, $DAYS days by DAY: Tollgate p50 ${Q1[1]} p99 ${Q1[2]} max ${Q1[3]} ms (n ${Q1[0]});" \
      "raw p50 ${Q1R[1]} p99 ${Q1R[2]} max ${Q1R[3]} ms (n ${Q1R[0]})"
  out "queries: Q2 all subjects, $DAYS days by model: Tollgate p50 ${Q2[1]} p99 ${Q2[2]} max ${Q2[3]} ms (n ${Q2[0]});" \
      "raw p50 ${Q2R[1]} p99 ${Q2R[2]} max ${Q2R[3]} ms (n ${Q2R[0]})"
}

# ------------------------------------------------------------------------------------------------ phase 3: visible

measure_visible() {
  local steady_out=$RUN_DIR/steady.out probe_out=$RUN_DIR/probe.latencies m lag a0 k0 c0 merges parts
  a0=$(proc_ticks "$APP_PID"); k0=$(proc_ticks "$KAFKA_PID"); c0=$(proc_ticks "$CH_PID")
  thread_ticks "$APP_PID" >"$RUN_DIR/threads-visible-start"
  merges=$(ch_sql "SELECT count() FROM system.merges WHERE database = '$CH_DB'" 2>/dev/null || echo '?')
  parts=$(ch_sql "SELECT count() FROM system.parts WHERE database = '$CH_DB' AND active" 2>/dev/null || echo '?')
  log "before the steady load: $merges merges running, $parts active parts in $CH_DB"
  log "starting the steady background load: $STEADY_RATE events/s in batches of $STEADY_BATCH"
  BENCH_KEY=$KEY python3 "$BENCH_DIR/meters.py" steady --base "$BASE" --rate "$STEADY_RATE" --batch "$STEADY_BATCH" \
    --subjects "$SUBJECTS" --tag "$RUN" --out "$steady_out" 2>>"$RUN_DIR/steady.err" 7>&- 8>&- &
  STEADY_PID=$!
  sleep 5
  kill -0 "$STEADY_PID" 2>/dev/null || { show_tail "$RUN_DIR/steady.err"; STEADY_PID=""; die "the steady load ended early"; }
  log "probing: $PROBES events, each for a new subject, polled every $PROBE_POLL_MS ms"
  local rc=0
  BENCH_KEY=$KEY python3 "$BENCH_DIR/meters.py" probe --base "$BASE" --count "$PROBES" --poll-ms "$PROBE_POLL_MS" \
    --tag "$RUN" --out "$probe_out" 2>&7 7>&- 8>&- || rc=$?
  m=$(metrics)
  lag=$(metric tollgate_aggregator_lag_events <<<"$m")
  kill -TERM "$STEADY_PID" 2>/dev/null || true
  wait "$STEADY_PID" 2>/dev/null || true
  STEADY_PID=""
  ((rc == 0)) || die "the probe failed (exit $rc)"
  local secs accepted requests non2xx errors late timeouts
  read -r secs accepted requests non2xx errors late <"$steady_out" || die "no summary from the steady load"
  STEADY_ACHIEVED=$(calc %.0f "$accepted / $secs")
  timeouts=$(awk '$2 == "timeout"' "$probe_out" | wc -l)
  read -r P_N P_P50 P_P99 P_MAX < <(pctl "$probe_out" 2 1)
  P_TIMEOUTS=$timeouts
  out "visible: $P_N of $PROBES probes seen (timeouts $timeouts), p50 $P_P50 ms, p99 $P_P99 ms, max $P_MAX ms;" \
      "polls every $PROBE_POLL_MS ms; background load $STEADY_ACHIEVED events/s accepted of $STEADY_RATE wanted" \
      "($requests POSTs, $non2xx non-2xx, $errors errors, fell behind $late times); aggregator lag at the end: $lag events"
  thread_ticks "$APP_PID" >"$RUN_DIR/threads-visible-end"
  out "cpu: visible phase $(cpu_since "$a0" "$k0" "$c0") s (app threads: $(thread_split \
      "$RUN_DIR/threads-visible-start" "$RUN_DIR/threads-visible-end")); ClickHouse before it: $merges merges" \
      "running, $parts active parts"
  ((timeouts == 0)) || FAILED=1
}

# ------------------------------------------------------------------------------------------------ results

verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v != "n/a" && v + 0 <= t + 0) ? "PASS" : "FAIL" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b <= 0) { print "n/a"; exit }
  r = a / b; printf (r < 0.1 ? "%.3f" : "%.2f"), r }'; }

print_results() {
  out ""
  if [[ -n ${L_RATE:-} ]]; then
    out "result meters.load.accepted $L_RATE events/s  ($L_EVENTS events in $L_SECS s, $L_RETRIES retried requests)"
    out "result meters.load.visible.after $V_SECS s  (all-time total complete; end to end $V_E2E events/s)"
  fi
  if [[ -n ${Q1[*]:-} ]]; then
    out "result meters.q1.p50 ${Q1[1]} ms  raw ${Q1R[1]} ms  ratio $(ratio "${Q1[1]}" "${Q1R[1]}")"
    out "result meters.q1.p99 ${Q1[2]} ms  raw ${Q1R[2]} ms  ratio $(ratio "${Q1[2]}" "${Q1R[2]}")  target $TARGET_Q1 ms $(verdict "${Q1[2]}" "$TARGET_Q1")  (n ${Q1[0]}/${Q1R[0]})"
    out "result meters.q2.p50 ${Q2[1]} ms  raw ${Q2R[1]} ms  ratio $(ratio "${Q2[1]}" "${Q2R[1]}")"
    out "result meters.q2.p99 ${Q2[2]} ms  raw ${Q2R[2]} ms  ratio $(ratio "${Q2[2]}" "${Q2R[2]}")  target $TARGET_Q2 ms $(verdict "${Q2[2]}" "$TARGET_Q2")  (n ${Q2[0]}/${Q2R[0]})"
  fi
  if [[ -n ${P_N:-} ]]; then
    local v
    v=$(verdict "$P_P99" "$TARGET_VISIBLE")
    ((P_TIMEOUTS == 0)) || v="FAIL ($P_TIMEOUTS probes never seen)"
    out "result meters.visible.p50 $P_P50 ms"
    out "result meters.visible.p99 $P_P99 ms  target $TARGET_VISIBLE ms $v  (n $P_N, background $STEADY_ACHIEVED events/s)"
  fi
}

# ------------------------------------------------------------------------------------------------ main

SKIP_LOAD=0 DROP_ONLY=0
PORT_FROM=${BENCH_PORT:-18888}
while (($#)); do
  case $1 in
    --events) (($# >= 2)) || usage_error "--events needs N"; EVENTS=$2; shift ;;
    --events=*) EVENTS=${1#*=} ;;
    --skip-load) SKIP_LOAD=1 ;;
    --drop-data) DROP_ONLY=1 ;;
    --port) (($# >= 2)) || usage_error "--port needs N"; PORT_FROM=$2; shift ;;
    --port=*) PORT_FROM=${1#*=} ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
  shift
done
EVENTS=${EVENTS//[,_]/}
in_range --events "$EVENTS" 1 1000000000
in_range BENCH_SUBJECTS "$SUBJECTS" 1 9999
in_range BENCH_BATCH "$BATCH" 1 10000
in_range BENCH_LOAD_CONNECTIONS "$LOAD_CONNS" 1 64
in_range BENCH_DAYS "$DAYS" 1 31
in_range BENCH_QUERY_REPS "$QUERY_REPS" 1 100000
in_range BENCH_QUERY_MIN_REPS "$QUERY_MIN_REPS" 1 100000
in_range BENCH_QUERY_MAX_SECONDS "$QUERY_MAX_SECONDS" 1 86400
in_range BENCH_QUERY_WARMUP "$QUERY_WARMUP" 0 10000
in_range BENCH_SETTLE_SECONDS "$SETTLE_SECONDS" 0 86400
in_range BENCH_STEADY_RATE "$STEADY_RATE" 1 1000000
in_range BENCH_STEADY_BATCH "$STEADY_BATCH" 1 10000
in_range BENCH_PROBES "$PROBES" 1 100000
in_range BENCH_PROBE_POLL_MS "$PROBE_POLL_MS" 1 10000
in_range BENCH_VISIBLE_TIMEOUT "$VISIBLE_TIMEOUT" 1 86400
in_range BENCH_STALL "$STALL" 1 86400
in_range --port "$PORT_FROM" 1024 64999
[[ $CH_DB =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || usage_error "BENCH_CH_DB must be a plain identifier, not '$CH_DB'"
[[ $PG_SCHEMA =~ ^[a-z_][a-z0-9_]*$ ]] || usage_error "BENCH_PG_SCHEMA must be a plain lower-case identifier, not '$PG_SCHEMA'"
case $CH_DB in tollgate|tollgate_test|default|system) usage_error "BENCH_CH_DB must not be $CH_DB: the benchmark drops it" ;; esac
case $PG_SCHEMA in public|pg_*|information_schema) usage_error "BENCH_PG_SCHEMA must not be $PG_SCHEMA: the benchmark drops it" ;; esac
# Data that --skip-load reuses was kept on purpose, so it is kept again unless BENCH_KEEP_DATA=0 says otherwise.
KEEP_DATA=${BENCH_KEEP_DATA:-$SKIP_LOAD}

cd "$REPO"
mkdir -p .stack/bench
# One benchmark at a time (the same lock as ingest.sh): two would measure each other.
exec 8>.stack/bench/.lock
flock -n 8 || { echo "meters.sh: another benchmark holds .stack/bench/.lock" >&2; exit 1; }
RUN=$(date +%Y%m%d-%H%M%S)-$(hex8 | cut -c1-4)
RUN_DIR=$REPO/.stack/bench/$RUN
mkdir -p "$RUN_DIR"
STATE=$REPO/.stack/bench/meters-$CH_DB.state
APP_PID="" WRK_PID="" STEADY_PID="" TOPIC="" BASE="" FAILED=0 DATA_READY=0 CH_URL=""

# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
  local rc=$?
  set +e
  trap - EXIT ERR
  if [[ -n ${STEADY_PID:-} ]]; then kill -TERM "$STEADY_PID" 2>/dev/null; wait "$STEADY_PID" 2>/dev/null; fi
  if [[ -n ${WRK_PID:-} ]]; then kill -TERM "$WRK_PID" 2>/dev/null; wait "$WRK_PID" 2>/dev/null; fi
  stop_app
  delete_topic
  if [[ -n $CH_URL && $DROP_ONLY == 0 ]]; then
    if [[ $KEEP_DATA == 1 ]]; then
      log "keeping ClickHouse database $CH_DB and PostgreSQL schema $PG_SCHEMA (BENCH_KEEP_DATA=1)$( ((DATA_READY)) \
        && echo "; measure again with: scripts/bench/meters.sh --skip-load")"
    else
      drop_data
    fi
  fi
  log "logs: $RUN_DIR"
  exit "$rc"
}
install_traps

ensure_pkg curl curl
ensure_pkg jq jq
ensure_pkg wrk wrk
command -v python3 >/dev/null || die "no python3"
command -v "$JAVA" >/dev/null || die "no java ($JAVA)"
PSQL=$(command -v psql || printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)
[[ -n $PSQL && -x $PSQL ]] || die "no psql (PostgreSQL client); scripts/stack.sh needs it too"

use_stack
if [[ ! -f $JAR && -z ${BENCH_JAR:-} ]]; then
  log "building the app (no $JAR yet)"
  (cd "$REPO" && ./mvnw -q -B install -DskipTests) >"$RUN_DIR/build.log" 2>&1 || { show_tail "$RUN_DIR/build.log"; die "the build failed"; }
fi
PG_DBNAME=${TOLLGATE_PG_URL##*/}
PG_DBNAME=${PG_DBNAME%%\?*}

if ((DROP_ONLY)); then
  drop_data
  exit 0
fi

use_bench_key

if ((SKIP_LOAD)); then
  read_state
  DATA_READY=1
  EVENTS=$L_EVENTS
else
  T_END=$(( $(date +%s) / 60 * 60 ))
  T_START=$((T_END - DAYS * 86400))
  if [[ $(ch_sql "SELECT count() FROM system.databases WHERE name = '$CH_DB'") != 0 || -e $STATE ]]; then
    log "dropping the data of an earlier run first"
  fi
  drop_data
  pg_sql "CREATE SCHEMA $PG_SCHEMA" >/dev/null || die "cannot create PostgreSQL schema $PG_SCHEMA"
fi

BUSY=$( { head -n 1 /proc/stat; sleep 1; head -n 1 /proc/stat; } | awk '
  { t = 0; for (i = 2; i <= 9; i++) t += $i; idle = $5 + $6 }
  NR == 1 { t0 = t; i0 = idle } NR == 2 { printf "%.0f", 100 * (1 - (idle - i0) / (t - t0)) }')
JV=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')
out "== Tollgate meter query benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(uname -n): $NCPU CPUs, java $JV," \
    "load $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min), CPUs ${BUSY}% busy before =="
out "app ${JAR#"$REPO"/} of $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC'), commit $(git --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo '?')$(git --no-optional-locks status --porcelain -- app ingest meters shared 2>/dev/null | grep -q . && echo ' (+ uncommitted changes in the tree)'), ${JAVA_OPTS[*]}"
if ((SKIP_LOAD)); then
  out "data: kept by run ${S_RUN:-?} (--skip-load): $L_EVENTS events, $(iso "$T_START") .. $(iso "$T_END"), $SUBJECTS subjects;" \
      "ClickHouse database $CH_DB, PostgreSQL schema $PG_SCHEMA; run $RUN, logs .stack/bench/$RUN"
else
  out "data: $EVENTS events over $DAYS days, $(iso "$T_START") .. $(iso "$T_END"), $SUBJECTS subjects, 5 models x 4 regions x 3 tiers;" \
      "ClickHouse database $CH_DB, PostgreSQL schema $PG_SCHEMA; run $RUN, logs .stack/bench/$RUN"
fi
((BUSY <= 20)) || log "warning: the CPUs were ${BUSY}% busy before the run; other work slows every figure"

start_app
if ((SKIP_LOAD)); then
  api GET "/api/v1/meters/$METER"
  [[ $API_STATUS == 200 ]] || die "--skip-load: meter $METER is missing in schema $PG_SCHEMA (HTTP $API_STATUS)"
  meter_total "?from=$(iso "$T_START")&to=$(iso "$T_END")"; total=$METER_TOTAL
  [[ $total == "$L_TOKENS" ]] || die "--skip-load: the meter's total over the loaded range is ${total:-?}, not $L_TOKENS"
  out "data: the meter's total over the loaded range is $total, as loaded"
else
  create_meter
  load_events
  wait_visible
  write_state
  DATA_READY=1
fi
settle_clickhouse
measure_queries
measure_visible
print_results
exit "$FAILED"
