#!/usr/bin/env bash
# Runs a command with throwaway PostgreSQL and Redis instances on free loopback ports,
# exporting DATABASE_URL and REDIS_URL to it, and stops both afterwards whatever happens.
#   scripts/with-services.sh .venv/bin/python -m pytest
set -euo pipefail

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
WORK=$(mktemp -d /tmp/portal-services.XXXXXX)
chmod 755 "$WORK"
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)

# PostgreSQL refuses to run as root: run it as the unprivileged "postgres" user when we are root.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

mkdir -p "$WORK/pg"
[ "$(id -u)" -eq 0 ] && chown postgres "$WORK/pg"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U portal --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Durability is irrelevant for a throwaway test database; speed is not. wal_level and
# max_wal_senders (PostgreSQL's defaults, said out loud) let tests/nodes stream a read replica from
# it with pg_basebackup; initdb's pg_hba.conf already trusts replication connections on loopback.
# random_page_cost as docs/deployment.md sets it for the portal's database (SSD or memory).
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -o \
  "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c wal_level=replica -c max_wal_senders=10 -c random_page_cost=1.1" \
  start >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" >/dev/null
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

export DATABASE_URL="postgres://portal@127.0.0.1:$PG_PORT/portal"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/1"
export PORTAL_PG_BIN="$PG_BIN" PORTAL_PG_DATA="$WORK/pg" PORTAL_PG_PORT="$PG_PORT" PORTAL_REDIS_PORT="$REDIS_PORT"
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U portal portal
echo "services: PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"

"$@"
