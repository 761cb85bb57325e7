#!/usr/bin/env bash
# Install (if missing) and start PostgreSQL on Debian 12, make the test role and database,
# and print the URL for TAMBON_TEST_PG_URL. Idempotent; run as root.
#   export TAMBON_TEST_PG_URL="$(.ci/postgres.sh)"
set -euo pipefail

PG_USER="${TAMBON_PG_USER:-tambon}"
PG_PASSWORD="${TAMBON_PG_PASSWORD:-tambon-test}"
PG_DB="${TAMBON_PG_DB:-tambon_test}"
PG_PORT="${TAMBON_PG_PORT:-5432}"

log() { echo "postgres.sh: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main"' | grep -q .; then
    log "creating cluster $VERSION/main"
    pg_createcluster "$VERSION" main --port "$PG_PORT" >&2
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    log "starting cluster $VERSION/main"
    pg_ctlcluster "$VERSION" main start >&2
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')"

for _ in $(seq 1 30); do
    runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$PORT" && break
    sleep 1
done

psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA -p "$PORT" "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != "1" ]; then
    log "creating role $PG_USER"
    psql_admin -c "CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'" >&2
else
    psql_admin -c "ALTER ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'" >&2
fi
# Tests drop their databases WITH (FORCE); an autovacuum worker in one belongs to no role the
# test role is a member of, so without this the drop fails now and then.
psql_admin -c "GRANT pg_signal_backend TO \"$PG_USER\"" >&2
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
    log "creating database $PG_DB"
    psql_admin -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\"" >&2
fi

echo "postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PORT/$PG_DB"
