#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL, ClickHouse and Kafka, which it installs and starts first.
# A missing service fails the run; no test is skipped for want of one.
#
# TOLLGATE_TEST_DATE=2040-01-01 scripts/test.sh runs the suite with the app's clock at that date in every process:
# no test may depend on today's date, and this is how that is checked (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

# --- the browser the console's tests drive (ConsoleBrowserTest): Debian's chromium and chromium-driver -----------
ensure_browser() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
  ((${#missing[@]})) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "[test] ERROR: missing packages: ${missing[*]}. Install them with:" >&2
    echo "" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    echo "" >&2
    exit 1
  fi
  echo "[test] installing: ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null || { echo "[test] apt-get update failed" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends \
    "${missing[@]}" || { echo "[test] apt-get install ${missing[*]} failed" >&2; exit 1; }
}
ensure_browser

if [[ -z ${TOLLGATE_TEST_DATE:-} ]]; then
  scripts/stack.sh start
  eval "$(scripts/stack.sh env)"
  exec ./mvnw -B verify "$@"
fi

# --- a run at another date ---------------------------------------------------------------------------------------
# Every app process, and every test's idea of now, is shifted to TOLLGATE_TEST_DATE through the injected clock
# (tollgate.clock.offset); the stack keeps the real clock. A test that read the machine's date instead of the app's
# clock would be years off and fail. (libfaketime was measured slowing the JVM 5 to 12 times: a run took over an hour.)
target=$(date -u -d "$TOLLGATE_TEST_DATE" +%s) || { echo "[test] cannot read TOLLGATE_TEST_DATE=$TOLLGATE_TEST_DATE" >&2; exit 2; }
offset=$((target - $(date -u +%s)))
echo "[test] the app's clock in this run starts at $(date -u -d "@$target" +%FT%TZ) (offset ${offset} s)"
scripts/stack.sh start
eval "$(scripts/stack.sh env)"
exec ./mvnw -B verify -Dtollgate.test.clock-offset="PT${offset}S" "$@"
