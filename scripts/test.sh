#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL, ClickHouse and Kafka, which it installs and starts first.
# A missing service fails the run; no test is skipped for want of one.
#
# TOLLGATE_TEST_DATE=2040-01-01 scripts/test.sh runs the suite as if the machine's clock read that date: a second
# local stack (.stack-faketime, other ports) and every test JVM run under libfaketime, shifted by the same offset.
# No test may depend on today's date; this is how that is checked (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z ${TOLLGATE_TEST_DATE:-} ]]; then
  scripts/stack.sh start
  eval "$(scripts/stack.sh env)"
  exec ./mvnw -B verify "$@"
fi

# --- the fake-date run --------------------------------------------------------------------------------------------
target=$(date -u -d "$TOLLGATE_TEST_DATE" +%s) || { echo "[test] cannot read TOLLGATE_TEST_DATE=$TOLLGATE_TEST_DATE" >&2; exit 2; }
offset=$((target - $(date -u +%s)))
LIBFAKETIME=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
if [[ ! -e $LIBFAKETIME ]]; then
  if [[ $EUID -eq 0 ]]; then
    apt-get install -y -q faketime >/dev/null
  else
    echo "[test] libfaketime is missing: sudo apt-get install -y faketime" >&2
    exit 2
  fi
fi
# A stack of its own: a broker whose clock jumped years would otherwise apply retention to the usual stack's topics.
export TOLLGATE_STACK_DIR="$PWD/.stack-faketime" TOLLGATE_PG_PORT=25432 TOLLGATE_CH_HTTP_PORT=28123 \
  TOLLGATE_CH_TCP_PORT=29000 TOLLGATE_KAFKA_PORT=29092 TOLLGATE_KAFKA_CONTROLLER_PORT=29093
# Downloads (apt, Maven, npm) run on the real clock: certificates and signatures check their dates.
scripts/stack.sh install
./mvnw -B -q -DskipTests install
if command -v npm >/dev/null && [[ -f app/src/test/sdk/package-lock.json ]]; then
  (cd app/src/test/sdk && npm ci --no-audit --no-fund --silent)
fi
trap 'env -u LD_PRELOAD -u FAKETIME scripts/stack.sh stop || true' EXIT
echo "[test] the clock of this run reads $(date -u -d "@$target" +%FT%TZ) (offset ${offset} s)"
printf -v FAKETIME '%+d' "$offset"
export LD_PRELOAD=$LIBFAKETIME FAKETIME FAKETIME_DONT_FAKE_MONOTONIC=1
scripts/stack.sh start
eval "$(scripts/stack.sh env)"
./mvnw -B -o verify "$@"
