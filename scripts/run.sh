#!/usr/bin/env bash
# Runs Tollgate on http://localhost:8888 with everything it needs: installs what is missing, starts PostgreSQL,
# ClickHouse and Kafka on 127.0.0.1 (scripts/stack.sh), builds the app and runs it in the foreground.
# A local admin API key is generated once into .stack/admin-key (git-ignored); the README's examples read it there.
# So is the master key that encrypts secrets at rest, into .stack/secrets-master-key.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/stack.sh start
eval "$(scripts/stack.sh env)"

if [[ ! -s .stack/admin-key ]]; then
  umask 077
  printf 'tg_%s\n' "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" > .stack/admin-key
fi
TOLLGATE_AUTH_BOOTSTRAP_ADMIN_KEY=$(cat .stack/admin-key)
export TOLLGATE_AUTH_BOOTSTRAP_ADMIN_KEY
# The master key that seals secrets at rest (a Stripe app's API key), generated once; keep it with your backups.
if [[ ! -s .stack/secrets-master-key ]]; then
  umask 077
  head -c 32 /dev/urandom | base64 > .stack/secrets-master-key
fi
TOLLGATE_SECRETS_MASTER_KEY=${TOLLGATE_SECRETS_MASTER_KEY:-$(cat .stack/secrets-master-key)}
export TOLLGATE_SECRETS_MASTER_KEY

echo "[run] building Tollgate"
./mvnw -q -B -DskipTests install
echo "[run] starting Tollgate on http://localhost:${TOLLGATE_HTTP_PORT:-8888} (admin API key in .stack/admin-key);" \
  "health, metrics and Swagger UI on http://localhost:${TOLLGATE_MANAGEMENT_PORT:-9000}/q/"
# scripts/stack.sh stop stops this process too: exec keeps the pid.
echo $$ > .stack/tollgate.pid
exec java ${TOLLGATE_JAVA_OPTS:--Xmx512m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError} -jar app/target/quarkus-app/quarkus-run.jar
