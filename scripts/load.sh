#!/usr/bin/env bash
# `make load`: the portal as it runs in production, on the throwaway PostgreSQL and Redis of
# scripts/with-services.sh — gunicorn, a Celery worker on every queue — with the demo data plus
# the national-scale synthetic data (demo_scale), then a headless locust run of every role, reading
# and writing, on loopback. LOAD_SCHOOLS=0 keeps the demo data only.
set -euo pipefail
PY=.venv/bin/python
USERS=${LOAD_USERS:-100}
TIME=${LOAD_TIME:-10m}
SCHOOLS=${LOAD_SCHOOLS:-40000}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export MEDIA_ROOT=${MEDIA_ROOT:-$(mktemp -d /tmp/portal-load-media.XXXXXX)}
export API_THROTTLE_READ=${API_THROTTLE_READ:-100000/min} API_THROTTLE_WRITE=${API_THROTTLE_WRITE:-100000/min}
# Many simulated users share one demo account and one address: no lockout for them.
export AXES_FAILURE_LIMIT=1000

$PY manage.py migrate -v0
$PY manage.py demo > /dev/null
if (( SCHOOLS > 0 )); then
  REGIONS=$(( SCHOOLS / 470 )); (( REGIONS > 85 )) && REGIONS=85; (( REGIONS < 1 )) && REGIONS=1
  MUNICIPALITIES=$(( SCHOOLS * 2300 / 40000 )); (( MUNICIPALITIES < REGIONS )) && MUNICIPALITIES=$REGIONS
  echo "== demo_scale: $SCHOOLS schools, $MUNICIPALITIES municipalities, $REGIONS regions, 3 years"
  $PY manage.py demo_scale --schools "$SCHOOLS" --municipalities "$MUNICIPALITIES" --regions "$REGIONS" --years 3 | tail -n 3
fi
eval "$($PY load/prepare.py)"
export LOAD_API_WRITE_TOKEN LOAD_API_READ_TOKEN LOAD_API_SCHOOL LOAD_OCCURRENCES
export LOAD_API_NATIONAL_TOKEN=${LOAD_API_NATIONAL_TOKEN:-} LOAD_NATIONAL_MUNICIPALITY=${LOAD_NATIONAL_MUNICIPALITY:-}

# The web node's own settings (config/gunicorn.py: sync workers, two per core plus one;
# WEB_CONCURRENCY overrides the number), as production runs them.
.venv/bin/gunicorn config.wsgi:application -c config/gunicorn.py --bind "127.0.0.1:$PORT" \
  --timeout 60 --log-level warning &
GUNICORN=$!
CELERY_TASK_ALWAYS_EAGER=0 .venv/bin/celery -A config worker -Q reports,indices,mail,default \
  --concurrency 1 --loglevel WARNING --without-gossip --without-mingle 2>&1 | grep -v "SecurityWarning\|superuser\|--uid\|^User information\|^absolutely\|^$" &
WORKER=$!
trap 'kill $GUNICORN $WORKER 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.2; done
echo "== locust: $USERS users for $TIME (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
.venv/bin/locust -f load/locustfile.py --headless -u "$USERS" -r 5 -t "$TIME" --host "http://127.0.0.1:$PORT" \
  --only-summary --stop-timeout 10
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
