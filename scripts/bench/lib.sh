# Shared by the benchmarks (scripts/bench/*.sh), which source it: logging, the app's start and stop, and the host.
# Functions read the calling script's settings when they run: RUN_DIR, JAR, JAVA, JAVA_OPTS, KEY, PORT_FROM, RUN,
# CH_DB, optionally PG_SCHEMA and TOLLGATE_PG_URL, and the stack's paths. A script defines usage_error itself.
# shellcheck shell=bash

log() { # progress: stderr, and the run log once the run directory exists
  local line
  line="[bench $(date +%T)] $*"
  printf '%s\n' "$line" >&7
  if [[ -n ${RUN_DIR:-} ]]; then printf '%s\n' "$line" >>"$RUN_DIR/bench.log"; fi
}

die() { log "ERROR: $*"; exit 1; }

out() { # a result line: stdout, and results.txt in the run directory
  printf '%s\n' "$*"
  if [[ -n ${RUN_DIR:-} ]]; then printf '%s\n' "$*" >>"$RUN_DIR/results.txt"; fi
}

show_tail() { # show_tail FILE [LINES]: the end of a log, framed, on stderr
  [[ -s $1 ]] || return 0
  { echo "---- last lines of $1 ----"; tail -n "${2:-30}" "$1"; echo "---- end of $1 ----"; } >&7
}

calc() { awk "BEGIN { printf \"$1\", $2 }"; }  # calc FORMAT EXPR: floating-point arithmetic

hex8() { od -An -N4 -tx1 /dev/urandom | tr -d ' \n'; }

in_range() { # in_range NAME VALUE MIN MAX
  if ! [[ $2 =~ ^[0-9]+$ ]] || (($2 < $3 || $2 > $4)); then usage_error "$1 wants a number in $3..$4, not '$2'"; fi
}

ensure_pkg() { # ensure_pkg COMMAND DEBIAN_PACKAGE: apt-get install it if missing (needs root), like ceilings does
  command -v "$1" >/dev/null 2>&1 && return 0
  [[ $(id -u) == 0 ]] || die "'$1' is missing; install it with: sudo apt-get install -y $2"
  log "installing $2 with apt-get"
  local l=${RUN_DIR:-/tmp}/apt-$2.log
  if ! DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -q "$2" >"$l" 2>&1; then
    DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update -q >>"$l" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -q "$2" >>"$l" 2>&1 \
      || { show_tail "$l"; die "apt-get install $2 failed"; }
  fi
  command -v "$1" >/dev/null 2>&1 || die "'$1' is still missing after apt-get install $2"
}

port_listening() { # port_listening PORT: anything listening on it, any address (read from /proc, as stack.sh does)
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p="$hex" 'FNR > 1 { split($2, a, ":"); if (a[2] == p && $4 == "0A") found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# CPU time (clock ticks) of a process, all its threads; 0 if it is gone. Fields after the ")" of the command name.
proc_ticks() { [[ -n ${1:-} && -r /proc/$1/stat ]] && awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" || echo 0; }

# CPU ticks of every thread of a process, summed by thread name with digits and separators dropped
# (executor-thread-3 and executor-thread-7 are one line "executor-thread"), as "name ticks" lines.
thread_ticks() {
  [[ -n ${1:-} && -d /proc/$1/task ]] || return 0
  local t
  for t in /proc/"$1"/task/*; do
    [[ -r $t/stat ]] && cat "$t/stat" 2>/dev/null
  done | awk '{ name = $0; sub(/^[^(]*\(/, "", name); sub(/\) .*$/, "", name); gsub(/[-_# ]*[0-9]+/, "", name)
                rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " "); ticks[name] += f[12] + f[13] }
              END { for (n in ticks) printf "%s %d\n", n, ticks[n] }'
}

# The CPU seconds each thread group used between two thread_ticks snapshots (files), largest first, as
# "name 12.3s, other 4.5s, ..." (groups under 0.5 s left out).
thread_split() {
  awk -v hz="$CLK_TCK" 'NR == FNR { before[$1] = $2; next } { d[$1] = $2 - before[$1] }
    END { for (n in d) if (d[n] / hz >= 0.5) printf "%.1f %s\n", d[n] / hz, n }' "$1" "$2" \
    | sort -rn | awk '{ printf "%s%s %ss", (NR > 1 ? ", " : ""), $2, $1 } END { print "" }'
}

stack_pid() { local p=""; [[ -r $1 ]] && read -r p <"$1"; [[ $p =~ ^[0-9]+$ ]] && kill -0 "$p" 2>/dev/null && echo "$p"; return 0; }

# Only ever our own child, by its PID: TERM (Quarkus shuts down cleanly and the aggregator writes its last windows),
# then KILL after 30 s.
stop_app() {
  [[ -n ${APP_PID:-} ]] || return 0
  local i
  if kill -0 "$APP_PID" 2>/dev/null; then
    log "stopping the app (pid $APP_PID)"
    kill -TERM "$APP_PID" 2>/dev/null || true
    for i in $(seq 1 300); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$APP_PID" 2>/dev/null; then
      log "the app ignored TERM for 30 s; killing it"
      kill -KILL "$APP_PID" 2>/dev/null || true
    fi
  fi
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

start_app() {
  [[ -f $JAR ]] || die "$JAR is missing; build it: ./mvnw -o -q -B package -DskipTests -pl app -am"
  PORT=$PORT_FROM
  while port_listening "$PORT"; do
    PORT=$((PORT + 1))
    ((PORT < PORT_FROM + 200)) || die "no free port in $PORT_FROM..$PORT"
  done
  BASE="http://127.0.0.1:$PORT"
  # Health and metrics are on the management interface, on a port of its own.
  MGMT_PORT=$((PORT + 1000))
  while port_listening "$MGMT_PORT"; do MGMT_PORT=$((MGMT_PORT + 1)); done
  MGMT="http://127.0.0.1:$MGMT_PORT"
  TOPIC="bench-$RUN"
  # With PG_SCHEMA set, the app keeps its PostgreSQL tables in that schema of the stack's database.
  local datasource=()
  if [[ -n ${PG_SCHEMA:-} ]]; then
    local sep='?'
    [[ $TOLLGATE_PG_URL == *'?'* ]] && sep='&'
    datasource=(-Dquarkus.datasource.jdbc.url="$TOLLGATE_PG_URL${sep}currentSchema=$PG_SCHEMA")
  fi
  log "starting the app on $BASE (topic and consumer group $TOPIC, ClickHouse database $CH_DB${PG_SCHEMA:+, PostgreSQL schema $PG_SCHEMA})"
  # The key goes in through the environment, not -D, so that it does not show in ps. fd 8 (our lock) stays with us.
  TOLLGATE_AUTH_BOOTSTRAP_ADMIN_KEY=$KEY "$JAVA" "${JAVA_OPTS[@]}" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" -Dquarkus.management.port="$MGMT_PORT" \
    "${datasource[@]}" \
    -Dtollgate.ingest.topic="$TOPIC" -Dtollgate.aggregator.group-id="$TOPIC" -Dtollgate.archive.group-id="$TOPIC-archive" \
    -Dtollgate.clickhouse.database="$CH_DB" -Dquarkus.log.console.json.enabled=false \
    -jar "$JAR" </dev/null >"$RUN_DIR/app.log" 2>&1 7>&- 8>&- &
  APP_PID=$!
  local i code=""
  for i in $(seq 1 1200); do   # up to 120 s: Flyway, the ClickHouse migrator and the topic come first
    kill -0 "$APP_PID" 2>/dev/null || { show_tail "$RUN_DIR/app.log" 40; APP_PID=""; die "the app exited during start-up"; }
    code=$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$MGMT/q/health/ready" || true)
    [[ $code == 200 ]] && break
    sleep 0.1
  done
  [[ $code == 200 ]] || { show_tail "$RUN_DIR/app.log" 40; die "the app was not ready within 120 s (last answer: ${code:-none})"; }
  log "app ready after $(calc %.1f "$i / 10") s (pid $APP_PID)"
}

# shellcheck disable=SC2317  # called from the EXIT trap
# The run's topic holds every event it sent (about 3 GB after a sustained run), so it goes at the end, with the
# dead-letter topic <topic>.dlq that the app creates next to it. The Kafka tools come from the stack's broker jars.
delete_topic() {
  [[ -n ${TOPIC:-} ]] || return 0
  local t=$TOPIC
  TOPIC=""
  if [[ ${BENCH_KEEP_TOPIC:-0} == 1 ]]; then log "keeping Kafka topic $t (BENCH_KEEP_TOPIC=1)"; return 0; fi
  if ! compgen -G "$REPO/.stack/kafka/lib/kafka-tools-*.jar" >/dev/null; then
    log "warning: no Kafka tools in .stack/kafka/lib; delete topic $t by hand"
    return 0
  fi
  if timeout 60 "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 \
       -Dlog4j2.configurationFile="$REPO/scripts/kafka/tools-log4j2.properties" -cp "$REPO/.stack/kafka/lib/*" \
       org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA" --delete --if-exists --topic "$t(\.dlq)?" \
       >>"$RUN_DIR/kafka-topic.log" 2>&1 7>&- 8>&-; then
    log "deleted Kafka topics $t and $t.dlq"
  else
    log "warning: could not delete Kafka topic $t (see $RUN_DIR/kafka-topic.log)"
  fi
}

# The traps every benchmark sets: its own cleanup function on exit, the failing line on an error, an exit status on a
# signal (so that cleanup still runs).
install_traps() {
  trap cleanup EXIT
  trap 'log "line $LINENO failed: $BASH_COMMAND"' ERR
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
}

# Starts the stack if it is not (fully) running, and reads where it listens: its environment (scripts/stack.sh env),
# KAFKA, CH_URL, and the broker's and ClickHouse's PIDs for the CPU figures.
use_stack() {
  if ! scripts/stack.sh status >/dev/null 2>&1; then
    log "the stack is not (fully) running; scripts/stack.sh start"
    scripts/stack.sh start >&2 7>&- 8>&-   # its daemons must not inherit our extra fds (lock, log)
  fi
  eval "$(scripts/stack.sh env)"
  KAFKA=$TOLLGATE_KAFKA_BOOTSTRAP
  # shellcheck disable=SC2034  # read by the scripts that source this file
  CH_URL=${TOLLGATE_CLICKHOUSE_URL%/} KAFKA_PID=$(stack_pid .stack/kafka/kafka.pid) \
    CH_PID=$(stack_pid .stack/clickhouse/clickhouse.pid)
}

# A fixed benchmark key in KEY: the app creates it once (only its hash is stored), so repeated runs add no keys.
use_bench_key() {
  if [[ ! -s .stack/bench/admin-key ]]; then
    (umask 077; printf 'tg_bench_%s\n' "$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" >.stack/bench/admin-key)
  fi
  KEY=$(cat .stack/bench/admin-key)
}

# Heap of the app, sampled once a second with jstat (started during the warm-up, so that its own JVM start-up does
# not land in the measurement); used = survivor + eden + old, in KB.
heap_start() { "${JSTAT:-jstat}" -gc "$APP_PID" 1000 >"$1" 2>&1 7>&- 8>&- & HEAP_PID=$!; }
heap_stop() {
  [[ -n ${HEAP_PID:-} ]] || return 0
  kill "$HEAP_PID" 2>/dev/null || true
  wait "$HEAP_PID" 2>/dev/null || true
  HEAP_PID=""
}
heap_summary() { # heap_summary FILE -> "<max used MB> <GC seconds> <collections>" or "n/a"
  awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
       col["EU"] && $1 ~ /^[0-9.]+$/ {
         u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (u > max) max = u
         g = $col["GCT"]; c = $col["YGC"] + $col["FGC"] + (col["CGC"] ? $col["CGC"] : 0)
         if (!seen++) { g0 = g; c0 = c } g1 = g; c1 = c }
       END { if (seen) printf "%.0f %.2f %d", max / 1024, g1 - g0, c1 - c0; else print "n/a" }' "$1"
}

# take_run_dir NAME: holds the benchmarks' lock (one benchmark at a time, fd 8) and makes RUN and RUN_DIR.
take_run_dir() {
  cd "$REPO"
  mkdir -p .stack/bench
  exec 8>.stack/bench/.lock
  flock -n 8 || { echo "$1: another benchmark holds .stack/bench/.lock" >&2; exit 1; }
  RUN=$(date +%Y%m%d-%H%M%S)-$(hex8 | cut -c1-4)
  RUN_DIR=$REPO/.stack/bench/$RUN
  mkdir -p "$RUN_DIR"
}

# SQL against the stack, for the benchmarks that keep their data in a ClickHouse database (CH_DB) and a PostgreSQL
# schema (PG_SCHEMA) of their own; PSQL and PG_DBNAME are set by the caller.
ch_sql() { curl -sS --fail --max-time "${2:-600}" "$CH_URL/" --data-binary "$1"; }
pg_sql() {
  PGPASSWORD=$TOLLGATE_PG_PASSWORD PGCONNECT_TIMEOUT=5 "$PSQL" -X -q -At -v ON_ERROR_STOP=1 \
    -h "$TOLLGATE_PG_HOST" -p "$TOLLGATE_PG_PORT" -U "$TOLLGATE_PG_USER" -d "$PG_DBNAME" -c "$1"
}
drop_data() {
  ch_sql "DROP DATABASE IF EXISTS $CH_DB" 120 >/dev/null 2>>"$RUN_DIR/bench.log" || log "warning: could not drop $CH_DB"
  pg_sql "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>>"$RUN_DIR/bench.log" \
    || log "warning: could not drop schema $PG_SCHEMA"
}
