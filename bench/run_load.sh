#!/usr/bin/env bash
# The load scenario (make load): gunicorn with production settings, PostgreSQL, Redis and a real
# Celery worker on loopback, driven by bench/locustfile.py for a fixed time.
#
# Fails when any request failed or the server or the worker logged an error. Everything it
# starts is stopped by PID when it ends, however it ends. Results land in LOAD_OUT (a new
# folder under /tmp by default): locust's CSV files, the groups table, the server's logs.
#
#   LOAD_DATASET=region|bench|demo  bench/dataset.py's region (default: 20 municipalities × 50
#                                   schools, built once, a few minutes), its one municipality, or the demo
#   LOAD_USERS=200 LOAD_SPAWN_RATE=4 LOAD_RUN_TIME=5m LOAD_WORKERS=3 LOAD_OUT=/tmp/load-…
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
HOST=127.0.0.1
export LOAD_DATASET=${LOAD_DATASET:-region}
# One database per dataset: each is built once and reused by the next runs.
DB_NAME=mentoring_load$([ "$LOAD_DATASET" = demo ] || echo "_$LOAD_DATASET")
export LOAD_USERS=${LOAD_USERS:-200}
USERS=$LOAD_USERS
SPAWN_RATE=${LOAD_SPAWN_RATE:-4}
RUN_TIME=${LOAD_RUN_TIME:-5m}
WORKERS=${LOAD_WORKERS:-3}
OUT=${LOAD_OUT:-$(mktemp -d /tmp/load-XXXXXX)}
mkdir -p "$OUT"

PIDS=()
stop_all() {
    local pid waited
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        waited=0
        while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 150 ]; do sleep 0.1; waited=$((waited + 1)); done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

PORT=$($PY -c "import socket; s = socket.socket(); s.bind(('$HOST', 0)); print(s.getsockname()[1])")
export DATABASE_URL="postgres://postgres@$HOST:5432/$DB_NAME"
export CACHE_URL="redis://$HOST:6379/9"
export CELERY_BROKER_URL="redis://$HOST:6379/8"
export DEBUG=false
SECRET_KEY=$($PY -c "import secrets; print(secrets.token_urlsafe(50))")
export SECRET_KEY
export ALLOWED_HOSTS="$HOST"
export PUBLIC_BASE_URL="http://$HOST:$PORT"
# No TLS on loopback: cookies over plain HTTP and no redirect to https.
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export LOG_LEVEL=WARNING

echo "== data: database $DB_NAME, cache $CACHE_URL, broker $CELERY_BROKER_URL; results in $OUT"
if ! psql -h "$HOST" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    createdb -h "$HOST" -U postgres "$DB_NAME"
fi
# A clean cache (no login failures, no cached public pages) and an empty queue.
$PY -c "import redis; [redis.Redis.from_url(u).flushdb() for u in ('$CACHE_URL', '$CELERY_BROKER_URL')]"
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0

.venv/bin/celery -A config worker --loglevel=INFO --concurrency=1 --hostname="load@%h" >"$OUT/worker.log" 2>&1 &
PIDS+=($!)
$PY bench/load_data.py "$OUT/plan.json"

.venv/bin/gunicorn config.wsgi:application --bind "$HOST:$PORT" --workers "$WORKERS" \
    --no-control-socket --access-logfile "$OUT/access.log" --access-logformat '%(t)s "%(r)s" %(s)s %(b)s %(M)sms' \
    >"$OUT/gunicorn.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do
    if $PY -c "import urllib.request as r; r.urlopen('http://$HOST:$PORT/healthz', timeout=2)" 2>/dev/null; then break; fi
    sleep 0.5
done
$PY -c "import urllib.request as r; r.urlopen('http://$HOST:$PORT/healthz', timeout=5)" \
    || { echo "gunicorn is not healthy on $HOST:$PORT"; tail -20 "$OUT/gunicorn.log"; exit 1; }

# The database connections the portal holds, every 2 s: their peak shows whether they pile up.
while true; do
    psql -h "$HOST" -U postgres -tAc "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB_NAME'" \
        >>"$OUT/connections.log" 2>/dev/null || true
    sleep 2
done &
PIDS+=($!)

echo "== load: $USERS users (+$SPAWN_RATE/s) for $RUN_TIME against http://$HOST:$PORT, $WORKERS gunicorn workers"
# locust stops its users at --run-time; timeout is the backstop should it hang.
LOAD_PLAN="$OUT/plan.json" timeout --kill-after=30 1200 .venv/bin/locust -f bench/locustfile.py --headless \
    --host "http://$HOST:$PORT" --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$RUN_TIME" \
    --stop-timeout 5 --csv "$OUT/load" --only-summary --loglevel WARNING >"$OUT/locust.log" 2>&1 &
LOCUST=$!
PIDS+=("$LOCUST")
set +e
wait "$LOCUST"
LOCUST_STATUS=$?
set -e

$PY bench/load_report.py "$OUT" --locust-status "$LOCUST_STATUS"
