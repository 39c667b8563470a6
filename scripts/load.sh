#!/usr/bin/env bash
# `make load`: gunicorn with the demo data on PostgreSQL and Redis (throwaway, like `make test`),
# then a headless locust run of the four roles on loopback, bounded in users and time.
set -euo pipefail
USERS=${LOAD_USERS:-50}
TIME=${LOAD_TIME:-10m}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py demo > /dev/null
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 3 --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.2; done
.venv/bin/locust -f load/locustfile.py --headless -u "$USERS" -r 5 -t "$TIME" --host "http://127.0.0.1:$PORT" \
  --only-summary --stop-timeout 5
