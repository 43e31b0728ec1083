#!/usr/bin/env bash
# Local development stack for Tollgate: PostgreSQL, ClickHouse and a single-node
# Kafka (KRaft), run as plain background processes (no Docker, no systemd).
#
#   scripts/stack.sh install|start|stop|status|restart [postgres|clickhouse|kafka ...]
#   scripts/stack.sh env          # prints export lines: eval "$(scripts/stack.sh env)"
#
# Everything (data, logs, configs, pid files) lives under $REPO/.stack/, except
# the PostgreSQL cluster when running as root from a repo the `postgres` OS
# user cannot reach (see pg_resolve_paths).
#
# Environment:
#   TOLLGATE_PG_PORT                (15432)  PostgreSQL
#   TOLLGATE_CH_HTTP_PORT           (18123)  ClickHouse HTTP
#   TOLLGATE_CH_TCP_PORT            (19000)  ClickHouse native protocol
#   TOLLGATE_KAFKA_PORT             (19092)  Kafka broker (PLAINTEXT)
#   TOLLGATE_KAFKA_CONTROLLER_PORT  (19093)  Kafka KRaft controller
#   TOLLGATE_STACK_TIMEOUT          (60)     seconds to wait for a service to become ready
#   TOLLGATE_STACK_DIR              (.stack) where a stack keeps its data; another directory is another stack
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# TOLLGATE_STACK_DIR runs a second, separate stack (with other ports), e.g. the fake-date test run's.
STACK_DIR="${TOLLGATE_STACK_DIR:-$REPO/.stack}"
ALL_SERVICES=(postgres clickhouse kafka)

PG_PORT="${TOLLGATE_PG_PORT:-15432}"
CH_HTTP_PORT="${TOLLGATE_CH_HTTP_PORT:-18123}"
CH_TCP_PORT="${TOLLGATE_CH_TCP_PORT:-19000}"
CH_NICE="${TOLLGATE_CH_NICE:-10}"
KAFKA_PORT="${TOLLGATE_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${TOLLGATE_KAFKA_CONTROLLER_PORT:-19093}"
START_TIMEOUT="${TOLLGATE_STACK_TIMEOUT:-60}"
STOP_TIMEOUT=30

PG_DB=tollgate
PG_TEST_DB="tollgate_test${TOLLGATE_TEST_SUFFIX:-}"
PG_USER=tollgate
PG_PASSWORD=tollgate
PG_MIN_MAJOR=14
JAVA_MIN_MAJOR=17

CH_DIR="$STACK_DIR/clickhouse"
CH_CONFIG="$CH_DIR/config.xml"
CH_PIDFILE="$CH_DIR/clickhouse.pid"
CH_LOG_DIR="$CH_DIR/log"

KAFKA_DIR="$STACK_DIR/kafka"
KAFKA_LIB="$KAFKA_DIR/lib"
KAFKA_CONFIG="$KAFKA_DIR/server.properties"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_LOG_DIR="$KAFKA_DIR/log"
KAFKA_PIDFILE="$KAFKA_DIR/kafka.pid"
KAFKA_POM="$REPO/scripts/kafka/pom.xml"

# Short, stable id of this checkout: keeps paths/names of different clones apart.
REPO_HASH="$(printf '%s' "$REPO" | sha256sum | cut -c1-8)"
[[ $STACK_DIR == "$REPO/.stack" ]] || REPO_HASH="$(printf '%s' "$STACK_DIR" | sha256sum | cut -c1-8)"

IS_ROOT=false
[[ $EUID -eq 0 ]] && IS_ROOT=true

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

info() { echo "[stack] $*"; }
warn() { echo "[stack] WARNING: $*" >&2; }
die() { echo "[stack] ERROR: $*" >&2; exit 1; }

usage() {
  cat <<EOF
usage: scripts/stack.sh install|start|stop|status|restart [service...]
       scripts/stack.sh env
services: ${ALL_SERVICES[*]} (default: all)
EOF
}

# Size of a log file now, so a failure report can show only what was written
# by the current start attempt (the logs are appended to across runs).
log_mark() {
  stat -c %s "$1" 2>/dev/null || echo 0
}

# Prints the last lines of a log file (optionally only those after a
# log_mark offset) to stderr, framed, for failure reports.
show_log_tail() {
  local file=$1 lines=${2:-40} offset=${3:-0} text
  [[ -s $file ]] || { echo "[stack] (log $file is empty or missing)" >&2; return 0; }
  # A log that shrank was rotated: all of it is new.
  (($(log_mark "$file") < offset)) && offset=0
  text=$(tail -c +$((offset + 1)) "$file" | tail -n "$lines")
  [[ -n $text ]] || { echo "[stack] (nothing new in $file)" >&2; return 0; }
  echo "[stack] ---- last lines of $file ----" >&2
  echo "$text" >&2
  echo "[stack] ---- end of $file ----" >&2
}

# A pid counts as alive only if it exists and is not a zombie: a daemon that
# died while this script is still its parent stays a zombie until we exit.
pid_alive() {
  local pid=$1 stat state
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  state=${stat##*) }
  state=${state%% *}
  [[ $state != Z && $state != X ]]
}

# Pid files can outlive their process and the pid can be reused (e.g. after a
# reboot), so a pid is only "ours" if its command line mentions our config.
pid_is_ours() {
  local pid=$1 needle=$2 cmdline
  pid_alive "$pid" || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$needle"* ]]
}

read_pidfile() {
  local f=$1 pid=""
  if [[ -r $f ]]; then read -r pid <"$f" 2>/dev/null || true; fi
  echo "$pid"
}

wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while pid_alive "$pid"; do
    ((SECONDS >= deadline)) && return 1
    sleep 0.2
  done
  return 0
}

# SIGTERM, then SIGKILL if the process ignores us for STOP_TIMEOUT seconds.
terminate() {
  local pid=$1 name=$2
  kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" "$STOP_TIMEOUT" && return 0
  warn "$name (pid $pid) did not stop within ${STOP_TIMEOUT}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  wait_gone "$pid" 10 || die "$name (pid $pid) survived SIGKILL"
}

# True if anything listens on the TCP port, on any address. Read from /proc so
# that a minimal machine without iproute2/net-tools works too.
port_listening() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p="$hex" 'FNR > 1 { split($2, a, ":"); if (a[2] == p && $4 == "0A") found = 1 }
                   END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# "pid <n>, <comm>" of the process listening on the port, if we may see it.
port_owner() {
  local hex inode path pid
  hex=$(printf '%04X' "$1")
  inode=$(awk -v p="$hex" 'FNR > 1 { split($2, a, ":"); if (a[2] == p && $4 == "0A") { print $10; exit } }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  if [[ -n $inode ]]; then
    path=$(find /proc/[0-9]*/fd -maxdepth 1 -lname "socket:\[$inode\]" 2>/dev/null | head -n1 || true)
    if [[ -n $path ]]; then
      pid=${path#/proc/}
      pid=${pid%%/*}
      echo "pid $pid, $(cat "/proc/$pid/comm" 2>/dev/null || echo '?')"
      return
    fi
  fi
  echo "pid unknown, probably owned by another user"
}

require_port_free() {
  local port=$1 var=$2
  if port_listening "$port"; then
    die "port $port is already in use by another process ($(port_owner "$port")); set $var to choose another"
  fi
}

# A running service keeps the ports it was started with.
warn_port_mismatch() {
  local svc=$1 running=$2 wanted=$3
  [[ $running == "$wanted" ]] && return 0
  warn "$svc is running on port $running, not $wanted; 'scripts/stack.sh restart $svc' applies the new port"
}

validate_ports() {
  local var
  local -A seen=()
  for var in TOLLGATE_PG_PORT TOLLGATE_CH_HTTP_PORT TOLLGATE_CH_TCP_PORT TOLLGATE_KAFKA_PORT TOLLGATE_KAFKA_CONTROLLER_PORT; do
    local value
    case $var in
      TOLLGATE_PG_PORT) value=$PG_PORT ;;
      TOLLGATE_CH_HTTP_PORT) value=$CH_HTTP_PORT ;;
      TOLLGATE_CH_TCP_PORT) value=$CH_TCP_PORT ;;
      TOLLGATE_KAFKA_PORT) value=$KAFKA_PORT ;;
      TOLLGATE_KAFKA_CONTROLLER_PORT) value=$KAFKA_CONTROLLER_PORT ;;
    esac
    if ! [[ $value =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
      die "$var=$value is not a valid port"
    fi
    [[ -n ${seen[$value]:-} ]] && die "$var=$value is the same port as ${seen[$value]}"
    seen[$value]=$var
  done
  [[ $START_TIMEOUT =~ ^[0-9]+$ ]] || die "TOLLGATE_STACK_TIMEOUT=$START_TIMEOUT is not a number of seconds"
}

# Serialises concurrent invocations (two terminals, a test script...) so a
# service is never launched twice. Daemons are started with fd 9 closed,
# otherwise they would hold the lock forever.
take_lock() {
  mkdir -p "$STACK_DIR"
  exec 9>"$STACK_DIR/.lock"
  flock -w 300 9 || die "another scripts/stack.sh is still running (lock $STACK_DIR/.lock)"
}

# Starts a command detached from our session with all std streams redirected
# (a daemon holding our stdout would keep callers like `$(...)` or CI steps
# waiting) and records the pid of the exec'd daemon itself.
spawn_daemon() {
  local pidfile=$1 logfile=$2
  shift 2
  # shellcheck disable=SC2016 # expanded by the inner bash
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  # setsid may fork; the pid file, not $!, is the truth.
  local deadline=$((SECONDS + 5))
  while [[ ! -s $pidfile ]]; do
    ((SECONDS >= deadline)) && die "could not launch $1"
    sleep 0.05
  done
}

# ---------------------------------------------------------------------------
# packages
# ---------------------------------------------------------------------------

APT_UPDATED=false

apt_update_once() {
  $APT_UPDATED && return 0
  info "apt-get update"
  apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null || die "apt-get update failed"
  APT_UPDATED=true
}

# Newest PostgreSQL >= 14 under /usr/lib/postgresql, or the version that
# created an existing cluster (a newer major cannot open an older data dir).
find_pg_bindir() {
  local want="" dir major best="" best_major=0
  if [[ -n ${PG_DATA:-} && -r ${PG_DATA:-}/PG_VERSION ]]; then
    want=$(cat "$PG_DATA/PG_VERSION")
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres && -x $dir/psql ]] || continue
    major=$(basename "$(dirname "$dir")")
    [[ $major =~ ^[0-9]+$ ]] || continue
    if [[ -n $want ]]; then
      [[ $major == "$want" ]] && { echo "$dir"; return 0; }
      continue
    fi
    ((major >= PG_MIN_MAJOR && major > best_major)) && { best=$dir; best_major=$major; }
  done
  [[ -n $best ]] && { echo "$best"; return 0; }
  return 1
}

# Debian 12 -> postgresql-15; Ubuntu/others -> whatever major the distro's
# `postgresql` metapackage points at.
pg_package() {
  local major=""
  if [[ -n ${PG_DATA:-} && -r ${PG_DATA:-}/PG_VERSION ]]; then
    major=$(cat "$PG_DATA/PG_VERSION")
  else
    major=$(apt-cache depends postgresql 2>/dev/null | grep -oE 'postgresql-[0-9]+\b' | head -n1 | cut -d- -f2 || true)
    if [[ -z $major || $major -lt $PG_MIN_MAJOR ]]; then
      major=$(apt-cache pkgnames postgresql- 2>/dev/null | grep -E '^postgresql-[0-9]+$' | cut -d- -f2 | sort -n | tail -n1 || true)
    fi
  fi
  if [[ -n $major && $major -ge $PG_MIN_MAJOR ]]; then
    echo "postgresql-$major"
  else
    echo "postgresql-15"
  fi
}

# Newer official packages ship a single `clickhouse` binary instead.
find_ch_server() {
  if command -v clickhouse-server >/dev/null 2>&1; then
    CH_SERVER=("$(command -v clickhouse-server)")
  elif [[ -x /usr/sbin/clickhouse-server ]]; then
    CH_SERVER=(/usr/sbin/clickhouse-server)
  elif command -v clickhouse >/dev/null 2>&1; then
    CH_SERVER=("$(command -v clickhouse)" server)
  else
    return 1
  fi
}

java_major() {
  local v
  v=$("$1" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')
  [[ $v == 1.* ]] && v=${v#1.}
  v=${v%%[!0-9]*}
  echo "${v:-0}"
}

# Sets JAVA_BIN and JAVA_HOME_DIR to the first JDK >= 17 found.
find_java() {
  local candidate
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" \
    $(printf '%s\n' /usr/lib/jvm/*/bin/java | sort -rV); do
    [[ -n $candidate && -x $candidate ]] || continue
    if (($(java_major "$candidate") >= JAVA_MIN_MAJOR)); then
      JAVA_BIN=$candidate
      JAVA_HOME_DIR=$(dirname "$(dirname "$(readlink -f "$candidate")")")
      return 0
    fi
  done
  return 1
}

missing_packages() {
  local svc pkgs=()
  for svc in "$@"; do
    case $svc in
      postgres)
        find_pg_bindir >/dev/null || pkgs+=("$(pg_package)")
        ;;
      clickhouse)
        find_ch_server || pkgs+=(clickhouse-server)
        command -v clickhouse-client >/dev/null 2>&1 || command -v clickhouse >/dev/null 2>&1 || pkgs+=(clickhouse-client)
        command -v curl >/dev/null 2>&1 || pkgs+=(curl)
        ;;
      kafka)
        find_java || pkgs+=(openjdk-17-jdk-headless)
        command -v curl >/dev/null 2>&1 || pkgs+=(curl)
        command -v unzip >/dev/null 2>&1 || pkgs+=(unzip)
        ;;
    esac
  done
  ((${#pkgs[@]})) && printf '%s\n' "${pkgs[@]}" | awk '!seen[$0]++' | paste -sd' ' -
  return 0
}

ensure_packages() {
  local pkgs
  pkgs=$(missing_packages "$@")
  [[ -z $pkgs ]] && return 0
  if ! $IS_ROOT; then
    echo "[stack] ERROR: missing packages: $pkgs. Install them with:" >&2
    echo "" >&2
    echo "    sudo apt-get install -y $pkgs" >&2
    echo "" >&2
    echo "[stack] (run 'sudo apt-get update' first if apt cannot find them)" >&2
    exit 1
  fi
  apt_update_once
  # Re-resolve: the PostgreSQL major depends on the freshly updated lists.
  pkgs=$(missing_packages "$@")
  [[ -z $pkgs ]] && return 0
  info "installing: $pkgs"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends $pkgs \
    || die "apt-get install $pkgs failed"
  pkgs=$(missing_packages "$@")
  [[ -z $pkgs ]] || die "still missing after apt-get install: $pkgs"
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------

# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# `postgres` OS user. That user must be able to reach the data dir: a repo
# under e.g. /root (mode 700) is not reachable, so then the cluster lives in
# /var/tmp instead. Without root we simply run as ourselves.
pg_resolve_paths() {
  [[ -n ${PG_BASE:-} ]] && return 0
  PG_FALLBACK_REASON=""
  PG_BASE="$STACK_DIR/postgres"
  if $IS_ROOT; then
    if ! (cd / && runuser -u postgres -- test -x "$REPO" -a -r "$REPO") 2>/dev/null; then
      PG_BASE="/var/tmp/tollgate-stack-$REPO_HASH/postgres"
      PG_FALLBACK_REASON="$REPO is not traversable by OS user postgres"
    fi
  fi
  PG_DATA="$PG_BASE/data"
  PG_LOG_DIR="$PG_BASE/log"
  PG_LOG="$PG_LOG_DIR/postgres.log"
  PG_RUN="$PG_BASE/run"
  # Unix socket paths are limited to 107 bytes; deep checkouts overflow that.
  if ((${#PG_RUN} + 20 > 107)); then
    PG_RUN="/tmp/tollgate-stack-$REPO_HASH-pg"
  fi
}

pg_ensure_os_user() {
  id -u postgres >/dev/null 2>&1 && return 0
  info "creating system user postgres"
  useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
    --shell /usr/sbin/nologin postgres || die "could not create OS user postgres"
}

# Runs a PostgreSQL binary as the cluster's owner; from / so that a cwd the
# postgres user cannot read does not produce warnings.
pg_as() {
  if $IS_ROOT; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

pg_psql() {
  pg_as "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_RUN" -p "$(pg_running_port)" -U postgres "$@"
}

# pid of the postmaster if our cluster is running, else nothing.
pg_pid() {
  local pid
  pid=$(read_pidfile "$PG_DATA/postmaster.pid")
  [[ -n $pid ]] && pid_is_ours "$pid" "$PG_DATA" && echo "$pid"
  return 0
}

# postmaster.pid line 4 is the port the running server actually uses.
pg_running_port() {
  sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || echo "$PG_PORT"
}

# Every process of a cluster (postmaster and backends) has the data dir as
# its cwd; that also finds backends orphaned by a kill -9 of the postmaster.
pg_cluster_pids() {
  local pid
  for pid in $(find /proc/[0-9]*/cwd -maxdepth 0 -printf '%l\t%p\n' 2>/dev/null |
    awk -F'\t' -v d="$PG_DATA" '$1 == d { split($2, a, "/"); print a[3] }'); do
    # A shell that merely cd'ed into the data dir is not part of the cluster.
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == postgres* ]] && pid_alive "$pid" && echo "$pid"
  done
  return 0
}

check_ports_postgres() {
  # Before resolving paths: the traversal test needs the user to exist.
  $IS_ROOT && pg_ensure_os_user
  pg_resolve_paths
  [[ -n $(pg_pid) ]] || require_port_free "$PG_PORT" TOLLGATE_PG_PORT
}

install_postgres() {
  ensure_packages postgres
  # Before resolving paths: the traversal test needs the user to exist.
  $IS_ROOT && pg_ensure_os_user
  pg_resolve_paths
  PG_BIN=$(find_pg_bindir) || die "no PostgreSQL >= $PG_MIN_MAJOR under /usr/lib/postgresql (data dir needs version $(cat "$PG_DATA/PG_VERSION" 2>/dev/null || echo '?'))"
}

pg_prepare_dirs() {
  mkdir -p "$PG_BASE" "$PG_LOG_DIR" "$PG_RUN"
  if $IS_ROOT; then
    # Only the parents we create; never chown outside our own directories.
    [[ -n $PG_FALLBACK_REASON ]] && chmod 755 "$(dirname "$PG_BASE")"
    chmod 755 "$STACK_DIR"
    chown postgres:postgres "$PG_BASE" "$PG_LOG_DIR" "$PG_RUN"
  fi
  chmod 700 "$PG_BASE" "$PG_RUN"
}

pg_initdb() {
  [[ -f $PG_DATA/PG_VERSION ]] && return 0
  # A half-written data dir from an interrupted initdb would block initdb forever.
  if [[ -e $PG_DATA ]]; then
    warn "removing incomplete PostgreSQL data dir $PG_DATA"
    rm -rf "$PG_DATA"
  fi
  local locale=C
  grep -qiE '^c\.utf-?8$' <(locale -a 2>/dev/null) && locale=C.UTF-8
  info "postgres: initdb $PG_DATA ($(basename "$(dirname "$PG_BIN")"), locale $locale)"
  # Socket connections (used by this script as superuser) are trusted; TCP
  # requires the password, like the application will use in production.
  pg_as "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --encoding=UTF8 --locale="$locale" \
    --auth-local=trust --auth-host=scram-sha-256 >"$PG_LOG_DIR/initdb.log" 2>&1 || {
    show_log_tail "$PG_LOG_DIR/initdb.log"
    die "initdb failed"
  }
}

launch_postgres() {
  install_postgres
  pg_prepare_dirs
  if [[ -n $(pg_pid) ]]; then
    info "postgres: already running (pid $(pg_pid), port $(pg_running_port))"
    warn_port_mismatch postgres "$(pg_running_port)" "$PG_PORT"
    PG_LAUNCHED=false
    return 0
  fi
  # Backends orphaned by a crashed/killed postmaster still hold shared memory;
  # starting before they are gone fails (or worse), so wait for them.
  local orphans
  orphans=$(pg_cluster_pids)
  if [[ -n $orphans ]]; then
    warn "postgres: waiting for leftover processes of a dead server: ${orphans//$'\n'/ }"
    local pid
    for pid in $orphans; do wait_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true; done
    for pid in $orphans; do wait_gone "$pid" 5 || die "postgres: leftover process $pid does not go away"; done
  fi
  # No process of this cluster is alive, so postmaster.pid and the socket lock
  # files in our private socket dir are stale. postgres would trust them if
  # their pid were recycled, or still a zombie (a killed postmaster whose
  # parent has not reaped it yet), and refuse to start.
  rm -f "$PG_DATA/postmaster.pid" "$PG_RUN"/.s.PGSQL.*
  require_port_free "$PG_PORT" TOLLGATE_PG_PORT
  pg_initdb
  info "postgres: starting on 127.0.0.1:$PG_PORT"
  : >>"$PG_LOG"
  $IS_ROOT && chown postgres:postgres "$PG_LOG"
  PG_LOG_OFFSET=$(log_mark "$PG_LOG")
  pg_as "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -W -s \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k '$PG_RUN' -c cluster_name=tollgate-$REPO_HASH" 9>&- \
    || { show_log_tail "$PG_LOG"; die "postgres: pg_ctl start failed"; }
  PG_LAUNCHED=true
}

wait_postgres() {
  local deadline=$((SECONDS + START_TIMEOUT)) pid port
  while :; do
    pid=$(pg_pid)
    port=$(pg_running_port)
    if [[ -n $pid ]] && pg_as "$PG_BIN/pg_isready" -q -h "$PG_RUN" -p "$port"; then
      break
    fi
    # Gone before ready (bad config, port race...): no point in waiting on.
    if [[ -z $pid && $SECONDS -gt $((deadline - START_TIMEOUT + 5)) ]]; then
      pg_fail "postgres: server exited during startup"
    fi
    ((SECONDS >= deadline)) && pg_fail "postgres: not ready after ${START_TIMEOUT}s"
    sleep 0.2
  done
  pg_setup_databases
  # The real check: what the application does (TCP + password).
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$port" \
    -U "$PG_USER" -d "$PG_DB" -c 'SELECT 1' >/dev/null || pg_fail "postgres: cannot log in as $PG_USER over TCP"
  info "postgres: ready on 127.0.0.1:$port (pid $pid, data $PG_DATA)"
}

pg_fail() {
  show_log_tail "$PG_LOG" 40 "${PG_LOG_OFFSET:-0}"
  if ${PG_LAUNCHED:-false}; then stop_postgres >/dev/null 2>&1 || true; fi
  die "$1 (log: $PG_LOG)"
}

# Idempotent: safe on every start, also repairs a role/db dropped by hand.
pg_setup_databases() {
  pg_psql -d postgres <<SQL || pg_fail "postgres: creating role/databases failed"
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB')
\gexec
SELECT 'CREATE DATABASE $PG_TEST_DB OWNER $PG_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_TEST_DB')
\gexec
SQL
}

stop_postgres() {
  pg_resolve_paths
  local pid leftovers
  pid=$(pg_pid)
  if [[ -z $pid && -z $(pg_cluster_pids) ]]; then
    info "postgres: not running"
    return 0
  fi
  PG_BIN=$(find_pg_bindir) || die "postgres: cannot find pg_ctl to stop the server"
  if [[ -n $pid ]]; then
    info "postgres: stopping (pid $pid)"
    if ! pg_as "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t "$STOP_TIMEOUT" -s 9>&-; then
      warn "postgres: fast shutdown timed out; trying immediate shutdown"
      pg_as "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 10 -s 9>&- || true
    fi
  fi
  leftovers=$(pg_cluster_pids)
  if [[ -n $leftovers ]]; then
    warn "postgres: killing leftover processes: ${leftovers//$'\n'/ }"
    # shellcheck disable=SC2086 # one pid per word
    kill -KILL $leftovers 2>/dev/null || true
    for pid in $leftovers; do wait_gone "$pid" 10 || die "postgres: process $pid survived SIGKILL"; done
  fi
  info "postgres: stopped"
}

status_postgres() {
  pg_resolve_paths
  local pid note=""
  pid=$(pg_pid)
  [[ -n $PG_FALLBACK_REASON ]] && note=" (outside the repo: $PG_FALLBACK_REASON)"
  if [[ -n $pid ]]; then
    printf '[stack] %-10s running  port=%s pid=%s data=%s%s\n' postgres "$(pg_running_port)" "$pid" "$PG_DATA" "$note"
  else
    printf '[stack] %-10s stopped  port=%s pid=- data=%s%s\n' postgres "$PG_PORT" "$PG_DATA" "$note"
    return 1
  fi
}

# ---------------------------------------------------------------------------
# ClickHouse
# ---------------------------------------------------------------------------

install_clickhouse() {
  ensure_packages clickhouse
  find_ch_server || die "clickhouse-server not found"
}

ch_pid() {
  local pid
  pid=$(read_pidfile "$CH_PIDFILE")
  [[ -n $pid ]] && pid_is_ours "$pid" "$CH_CONFIG" && echo "$pid"
  return 0
}

# Ports of the running server: its config was generated when it started.
ch_running_ports() {
  local http tcp
  http=$(sed -n 's:.*<http_port>\([0-9]*\)</http_port>.*:\1:p' "$CH_CONFIG" 2>/dev/null)
  tcp=$(sed -n 's:.*<tcp_port>\([0-9]*\)</tcp_port>.*:\1:p' "$CH_CONFIG" 2>/dev/null)
  echo "${http:-$CH_HTTP_PORT} ${tcp:-$CH_TCP_PORT}"
}

check_ports_clickhouse() {
  [[ -n $(ch_pid) ]] && return 0
  require_port_free "$CH_HTTP_PORT" TOLLGATE_CH_HTTP_PORT
  require_port_free "$CH_TCP_PORT" TOLLGATE_CH_TCP_PORT
}

ch_query() {
  curl -sf --max-time 10 "http://127.0.0.1:$1/" --data-binary "$2"
}

# Only settings that 18.16 (Debian bookworm's version) knows: e.g. there is
# no max_server_memory_usage yet, memory is bounded per query and via caches.
# No interserver_http_port means no replication listener at all; 18.16 has no
# MySQL/PostgreSQL wire protocol ports.
ch_write_config() {
  mkdir -p "$CH_DIR"/{data,tmp,user_files,format_schemas} "$CH_LOG_DIR"
  cat >"$CH_CONFIG" <<EOF
<?xml version="1.0"?>
<!-- Generated by scripts/stack.sh on every start; edits are overwritten. -->
<yandex>
    <logger>
        <level>information</level>
        <log>$CH_LOG_DIR/clickhouse-server.log</log>
        <errorlog>$CH_LOG_DIR/clickhouse-server.err.log</errorlog>
        <size>50M</size>
        <count>3</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>$CH_HTTP_PORT</http_port>
    <tcp_port>$CH_TCP_PORT</tcp_port>

    <path>$CH_DIR/data/</path>
    <tmp_path>$CH_DIR/tmp/</tmp_path>
    <user_files_path>$CH_DIR/user_files/</user_files_path>
    <format_schema_path>$CH_DIR/format_schemas/</format_schema_path>
    <users_config>$CH_DIR/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>

    <max_connections>1024</max_connections>
    <max_concurrent_queries>50</max_concurrent_queries>
    <keep_alive_timeout>3</keep_alive_timeout>
    <mark_cache_size>268435456</mark_cache_size>
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <mlock_executable>false</mlock_executable>

    <!-- Dev stack: let tests drop tables of any size. -->
    <max_table_size_to_drop>0</max_table_size_to_drop>
    <max_partition_size_to_drop>0</max_partition_size_to_drop>
</yandex>
EOF
  cat >"$CH_DIR/users.xml" <<'EOF'
<?xml version="1.0"?>
<!-- Generated by scripts/stack.sh on every start; edits are overwritten. -->
<yandex>
    <profiles>
        <default>
            <max_memory_usage>2000000000</max_memory_usage>
            <use_uncompressed_cache>0</use_uncompressed_cache>
            <load_balancing>random</load_balancing>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks>
                <ip>127.0.0.1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF
}

launch_clickhouse() {
  install_clickhouse
  local pid
  pid=$(ch_pid)
  if [[ -n $pid ]]; then
    info "clickhouse: already running (pid $pid)"
    local ports
    read -r -a ports <<<"$(ch_running_ports)"
    warn_port_mismatch clickhouse "${ports[0]}" "$CH_HTTP_PORT"
    warn_port_mismatch clickhouse "${ports[1]}" "$CH_TCP_PORT"
    CH_LAUNCHED=false
    return 0
  fi
  rm -f "$CH_PIDFILE"
  check_ports_clickhouse
  ch_write_config
  info "clickhouse: starting on 127.0.0.1:$CH_HTTP_PORT (http) / 127.0.0.1:$CH_TCP_PORT (native)"
  CH_STDOUT="$CH_LOG_DIR/stdout.log"
  : >"$CH_STDOUT"
  CH_ERR_OFFSET=$(log_mark "$CH_LOG_DIR/clickhouse-server.err.log")
  # ClickHouse 18.16 runs fine as root, so no user switching is needed.
  # At a lower CPU priority (nice 10): on a machine that also serves the API, its inserts and merges come in bursts
  # that take the cores from the ingest path (one cause of the open loop's tail, not the only one; docs/performance.md,
  # "Tenth scale-out ingest runs"). It still has every cycle nothing else wants. TOLLGATE_CH_NICE=0 turns this off.
  spawn_daemon "$CH_PIDFILE" "$CH_STDOUT" nice -n "$CH_NICE" "${CH_SERVER[@]}" --config-file="$CH_CONFIG"
  CH_LAUNCHED=true
}

wait_clickhouse() {
  local deadline=$((SECONDS + START_TIMEOUT)) pid http tcp
  # Probe the ports the server really uses (it may predate a port change).
  read -r http tcp <<<"$(ch_running_ports)"
  while :; do
    pid=$(ch_pid)
    [[ -z $pid ]] && ch_fail "clickhouse: server exited during startup"
    if [[ $(curl -sf --max-time 2 "http://127.0.0.1:$http/ping" 2>/dev/null) == "Ok." ]] &&
      [[ $(ch_query "$http" 'SELECT 1' 2>/dev/null) == 1 ]] && port_listening "$tcp"; then
      break
    fi
    ((SECONDS >= deadline)) && ch_fail "clickhouse: not ready after ${START_TIMEOUT}s"
    sleep 0.2
  done
  if ! ch_query "$http" 'CREATE DATABASE IF NOT EXISTS tollgate' >/dev/null ||
    ! ch_query "$http" 'CREATE DATABASE IF NOT EXISTS tollgate_test' >/dev/null; then
    ch_fail "clickhouse: CREATE DATABASE failed"
  fi
  info "clickhouse: ready on 127.0.0.1:$http (pid $pid, version $(ch_query "$http" 'SELECT version()'), data $CH_DIR/data)"
}

ch_fail() {
  show_log_tail "${CH_STDOUT:-$CH_LOG_DIR/stdout.log}" 10
  show_log_tail "$CH_LOG_DIR/clickhouse-server.err.log" 30 "${CH_ERR_OFFSET:-0}"
  if ${CH_LAUNCHED:-false}; then stop_clickhouse >/dev/null 2>&1 || true; fi
  die "$1 (logs: $CH_LOG_DIR)"
}

stop_clickhouse() {
  local pid
  pid=$(ch_pid)
  if [[ -z $pid ]]; then
    rm -f "$CH_PIDFILE"
    info "clickhouse: not running"
    return 0
  fi
  info "clickhouse: stopping (pid $pid)"
  terminate "$pid" clickhouse
  rm -f "$CH_PIDFILE"
  info "clickhouse: stopped"
}

status_clickhouse() {
  local pid http tcp
  pid=$(ch_pid)
  if [[ -n $pid ]]; then
    read -r http tcp <<<"$(ch_running_ports)"
    printf '[stack] %-10s running  port=%s (native %s) pid=%s data=%s\n' clickhouse "$http" "$tcp" "$pid" "$CH_DIR/data"
  else
    printf '[stack] %-10s stopped  port=%s (native %s) pid=- data=%s\n' clickhouse "$CH_HTTP_PORT" "$CH_TCP_PORT" "$CH_DIR/data"
    return 1
  fi
}

# ---------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------

# The jar set is keyed by the pom's hash: editing the pom (e.g. a version bump)
# triggers a fresh download, anything else reuses .stack/kafka/lib.
install_kafka() {
  ensure_packages kafka
  find_java || die "no Java >= $JAVA_MIN_MAJOR found"
  local want marker="$KAFKA_LIB/.complete"
  want=$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)
  if [[ -r $marker && $(cat "$marker") == "$want" ]]; then
    return 0
  fi
  if [[ -n $(kafka_pid) ]]; then
    warn "kafka: scripts/kafka/pom.xml changed while the broker runs; 'scripts/stack.sh restart kafka' refreshes the jars"
    return 0
  fi
  mkdir -p "$KAFKA_LOG_DIR"
  info "kafka: fetching broker jars from Maven Central (scripts/kafka/pom.xml)"
  rm -rf "$KAFKA_LIB.tmp"
  if ! (cd "$REPO" && JAVA_HOME=$JAVA_HOME_DIR ./mvnw -B -q -f "$KAFKA_POM" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIB.tmp") >"$KAFKA_LOG_DIR/maven.log" 2>&1 9>&-; then
    show_log_tail "$KAFKA_LOG_DIR/maven.log"
    die "kafka: downloading the jars failed"
  fi
  ls "$KAFKA_LIB.tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || die "kafka: maven did not produce kafka_2.13 jar in $KAFKA_LIB.tmp"
  echo "$want" >"$KAFKA_LIB.tmp/.complete"
  rm -rf "$KAFKA_LIB"
  mv "$KAFKA_LIB.tmp" "$KAFKA_LIB"
  local jars=("$KAFKA_LIB"/*.jar)
  info "kafka: ${#jars[@]} jars in $KAFKA_LIB"
}

kafka_pid() {
  local pid
  pid=$(read_pidfile "$KAFKA_PIDFILE")
  [[ -n $pid ]] && pid_is_ours "$pid" "$KAFKA_CONFIG" && echo "$pid"
  return 0
}

kafka_running_ports() {
  local broker controller
  broker=$(sed -n 's|^advertised.listeners=PLAINTEXT://127.0.0.1:\([0-9]*\)$|\1|p' "$KAFKA_CONFIG" 2>/dev/null)
  controller=$(sed -n 's|^controller.quorum.voters=1@127.0.0.1:\([0-9]*\)$|\1|p' "$KAFKA_CONFIG" 2>/dev/null)
  echo "${broker:-$KAFKA_PORT} ${controller:-$KAFKA_CONTROLLER_PORT}"
}

check_ports_kafka() {
  [[ -n $(kafka_pid) ]] && return 0
  require_port_free "$KAFKA_PORT" TOLLGATE_KAFKA_PORT
  require_port_free "$KAFKA_CONTROLLER_PORT" TOLLGATE_KAFKA_CONTROLLER_PORT
}

kafka_java() {
  "$JAVA_BIN" -cp "$KAFKA_LIB/*" "$@"
}

kafka_write_config() {
  mkdir -p "$KAFKA_DATA" "$KAFKA_LOG_DIR"
  cat >"$KAFKA_CONFIG" <<EOF
# Generated by scripts/stack.sh on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=3
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
# Single node: every internal topic must make do with one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
EOF
}

# Formatting is a one-time step (it writes meta.properties with the cluster
# id); the id is kept next to the data so a re-format reuses it.
kafka_format() {
  [[ -f $KAFKA_DATA/meta.properties ]] && return 0
  local cluster_id_file="$KAFKA_DIR/cluster.id" cluster_id
  # A Kafka cluster id is 16 random bytes in url-safe base64 without padding. Like Kafka's own Uuid.randomUuid, draw
  # again when it starts with '-': the storage tool would read it as an option (and a format that failed for that
  # left such an id behind).
  while [[ ! -s $cluster_id_file || $(cat "$cluster_id_file") == -* ]]; do
    head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$cluster_id_file"
  done
  cluster_id=$(cat "$cluster_id_file")
  info "kafka: formatting storage (cluster id $cluster_id)"
  kafka_java -Dlog4j2.configurationFile="$REPO/scripts/kafka/tools-log4j2.properties" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_CONFIG" \
    >"$KAFKA_LOG_DIR/format.log" 2>&1 9>&- || {
    show_log_tail "$KAFKA_LOG_DIR/format.log"
    die "kafka: storage format failed"
  }
}

launch_kafka() {
  install_kafka
  local pid
  pid=$(kafka_pid)
  if [[ -n $pid ]]; then
    info "kafka: already running (pid $pid)"
    local ports
    read -r -a ports <<<"$(kafka_running_ports)"
    warn_port_mismatch kafka "${ports[0]}" "$KAFKA_PORT"
    warn_port_mismatch kafka "${ports[1]}" "$KAFKA_CONTROLLER_PORT"
    KAFKA_LAUNCHED=false
    return 0
  fi
  rm -f "$KAFKA_PIDFILE"
  check_ports_kafka
  kafka_write_config
  kafka_format
  info "kafka: starting on 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
  KAFKA_LOG="$KAFKA_LOG_DIR/server.log"
  touch "$KAFKA_LOG"
  # Only log lines written after this point prove that *this* start worked.
  KAFKA_LOG_OFFSET=$(log_mark "$KAFKA_LOG")
  : >"$KAFKA_LOG_DIR/stdout.log"
  spawn_daemon "$KAFKA_PIDFILE" "$KAFKA_LOG_DIR/stdout.log" \
    "$JAVA_BIN" -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    "-Xlog:gc:file=$KAFKA_LOG_DIR/gc.log:time,uptime:filecount=3,filesize=10M" \
    -Dkafka.logs.dir="$KAFKA_LOG_DIR" -Dlog4j2.configurationFile="$REPO/scripts/kafka/log4j2.properties" \
    -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_CONFIG"
  KAFKA_LAUNCHED=true
}

kafka_log_since_start() {
  local size
  size=$(stat -c %s "$KAFKA_LOG" 2>/dev/null || echo 0)
  # The log rolled over since we started: the new file is all this run's.
  if ((size < ${KAFKA_LOG_OFFSET:-0})); then
    cat "$KAFKA_LOG"
  else
    tail -c +$((${KAFKA_LOG_OFFSET:-0} + 1)) "$KAFKA_LOG"
  fi
}

wait_kafka() {
  local deadline=$((SECONDS + START_TIMEOUT)) pid started=false port controller_port
  read -r port controller_port <<<"$(kafka_running_ports)"
  KAFKA_LOG="$KAFKA_LOG_DIR/server.log"
  # A broker that was already running has proven itself in an earlier run.
  ${KAFKA_LAUNCHED:-false} || started=true
  while :; do
    pid=$(kafka_pid)
    [[ -z $pid ]] && kafka_fail "kafka: broker exited during startup"
    if ! $started && [[ $(kafka_log_since_start) == *"Kafka Server started"* ]]; then
      started=true
    fi
    $started && port_listening "$port" && port_listening "$controller_port" && break
    ((SECONDS >= deadline)) && kafka_fail "kafka: not ready after ${START_TIMEOUT}s"
    sleep 0.2
  done
  # The real check: a client can talk to the broker and get metadata.
  local remaining=$((deadline - SECONDS))
  ((remaining < 15)) && remaining=15
  timeout "$remaining" "$JAVA_BIN" -Xmx128m -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$REPO/scripts/kafka/tools-log4j2.properties" -cp "$KAFKA_LIB/*" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" --list \
    >"$KAFKA_LOG_DIR/probe.log" 2>&1 9>&- || {
    show_log_tail "$KAFKA_LOG_DIR/probe.log" 20
    kafka_fail "kafka: broker does not answer on 127.0.0.1:$port"
  }
  info "kafka: ready on 127.0.0.1:$port (pid $pid, data $KAFKA_DATA)"
}

kafka_fail() {
  show_log_tail "$KAFKA_LOG_DIR/stdout.log" 10
  show_log_tail "$KAFKA_LOG_DIR/server.log" 40 "${KAFKA_LOG_OFFSET:-0}"
  if ${KAFKA_LAUNCHED:-false}; then stop_kafka >/dev/null 2>&1 || true; fi
  die "$1 (logs: $KAFKA_LOG_DIR)"
}

stop_kafka() {
  local pid
  pid=$(kafka_pid)
  if [[ -z $pid ]]; then
    rm -f "$KAFKA_PIDFILE"
    info "kafka: not running"
    return 0
  fi
  info "kafka: stopping (pid $pid)"
  terminate "$pid" kafka
  rm -f "$KAFKA_PIDFILE"
  info "kafka: stopped"
}

status_kafka() {
  local pid broker controller
  pid=$(kafka_pid)
  if [[ -n $pid ]]; then
    read -r broker controller <<<"$(kafka_running_ports)"
    printf '[stack] %-10s running  port=%s (controller %s) pid=%s data=%s\n' kafka "$broker" "$controller" "$pid" "$KAFKA_DATA"
  else
    printf '[stack] %-10s stopped  port=%s (controller %s) pid=- data=%s\n' kafka "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_DATA"
    return 1
  fi
}

# ---------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------

cmd_install() {
  local svc
  ensure_packages "$@"
  for svc in "$@"; do "install_$svc"; done
  info "installed: $*"
}

# All services are launched first and then awaited, so a cold start takes as
# long as the slowest service (Kafka), not the sum of all three.
cmd_start() {
  local svc started=$SECONDS
  ensure_packages "$@"
  # Find every port clash before launching anything, so that a clash on one
  # service does not leave the others half started.
  for svc in "$@"; do "check_ports_$svc"; done
  for svc in "$@"; do "launch_$svc"; done
  for svc in "$@"; do "wait_$svc"; done
  info "started: $* ($((SECONDS - started))s)"
}

# A Tollgate that scripts/run.sh started depends on the stack: stop it first, so that it does not spend its last
# minutes retrying services that are gone.
stop_tollgate() {
  local pidfile="$STACK_DIR/tollgate.pid" pid
  pid=$(read_pidfile "$pidfile")
  if [[ -n $pid ]] && pid_is_ours "$pid" quarkus-run.jar; then
    info "tollgate: stopping (pid $pid)"
    terminate "$pid" tollgate
  fi
  rm -f "$pidfile"
}

cmd_stop() {
  local svc i
  # Only when the whole stack goes: stopping one service (as the outage tests do) leaves Tollgate running.
  (($# == ${#ALL_SERVICES[@]})) && stop_tollgate
  # Reverse order: Kafka/ClickHouse first, the database last.
  for ((i = $# ; i >= 1; i--)); do
    svc=${!i}
    "stop_$svc"
  done
}

cmd_status() {
  local svc rc=0
  for svc in "$@"; do "status_$svc" || rc=1; done
  return $rc
}

cmd_env() {
  local kv
  for kv in \
    "TOLLGATE_PG_HOST=127.0.0.1" \
    "TOLLGATE_PG_PORT=$PG_PORT" \
    "TOLLGATE_PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB" \
    "TOLLGATE_PG_TEST_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_TEST_DB" \
    "TOLLGATE_PG_USER=$PG_USER" \
    "TOLLGATE_PG_PASSWORD=$PG_PASSWORD" \
    "TOLLGATE_CH_HTTP_PORT=$CH_HTTP_PORT" \
    "TOLLGATE_CH_TCP_PORT=$CH_TCP_PORT" \
    "TOLLGATE_CLICKHOUSE_URL=http://127.0.0.1:$CH_HTTP_PORT" \
    "TOLLGATE_KAFKA_PORT=$KAFKA_PORT" \
    "TOLLGATE_KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT" \
    "TOLLGATE_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT"; do
    printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
  done
}

main() {
  local cmd=${1:-}
  [[ $# -gt 0 ]] && shift
  case $cmd in
    -h | --help | help) usage; return 0 ;;
    "") usage >&2; return 1 ;;
    env) cmd_env; return ;;
    install | start | stop | status | restart) ;;
    *) usage >&2; die "unknown command: $cmd" ;;
  esac

  local services=() svc known k
  for svc in "$@"; do
    known=false
    for k in "${ALL_SERVICES[@]}"; do [[ $svc == "$k" ]] && known=true; done
    $known || die "unknown service: $svc (expected one of: ${ALL_SERVICES[*]})"
    [[ " ${services[*]} " == *" $svc "* ]] || services+=("$svc")
  done
  ((${#services[@]})) || services=("${ALL_SERVICES[@]}")

  validate_ports
  case $cmd in
    status) cmd_status "${services[@]}" ;;
    install) take_lock; cmd_install "${services[@]}" ;;
    start) take_lock; cmd_start "${services[@]}" ;;
    stop) take_lock; cmd_stop "${services[@]}" ;;
    restart) take_lock; cmd_stop "${services[@]}"; cmd_start "${services[@]}" ;;
  esac
}

main "$@"
