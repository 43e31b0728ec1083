#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL, ClickHouse and Kafka, which it installs and starts first.
# A missing service fails the run; no test is skipped for want of one.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/stack.sh start
eval "$(scripts/stack.sh env)"
exec ./mvnw -B verify "$@"
