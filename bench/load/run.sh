#!/usr/bin/env bash
# Load test (docs/performance.md, "Load"): 50 simulated office users for 5 minutes
# against gunicorn and a throw-away PostgreSQL on loopback, then the lost-update check.
#   bash bench/load/run.sh            # LOAD_USERS=50 LOAD_TIME=5m by default
# Needs: make venv, Debian's postgresql. Everything lives in /tmp/cppcc-load.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=/tmp/cppcc-load
USERS=${LOAD_USERS:-50}
TIME=${LOAD_TIME:-5m}
PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin | sort -V | tail -n 1)
PG_PORT=54470
APP_PORT=8470

rm -rf "$WORK" && mkdir -p "$WORK/pg" && chown postgres: "$WORK/pg"
[ -x "$WORK/../cppcc-load-venv/bin/locust" ] || {
    python3 -m venv /tmp/cppcc-load-venv
    /tmp/cppcc-load-venv/bin/pip install --quiet -r bench/load/requirements.txt
}

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop) >/dev/null 2>&1 || true
}
trap cleanup EXIT

(cd "$WORK/pg" && runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres \
    --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null)
cat >>"$WORK/pg/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$WORK/pg'
max_connections = 100
CONF
(cd "$WORK/pg" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w start) >/dev/null
runuser -u postgres -- "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres cppcc

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/cppcc"
export DEBUG=0 SECRET_KEY="load-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0
export STATIC_MANIFEST=0 LOGIN_FAILURE_LIMIT=1000 LOG_LEVEL=WARNING
export GUNICORN_BIND="127.0.0.1:$APP_PORT" LOAD_USERS=$USERS

echo "==> preparing the database"
.venv/bin/python bench/load/prepare.py "$WORK/targets.json"
echo "==> gunicorn ($(nproc) cores) and one export worker"
.venv/bin/gunicorn -c gunicorn.conf.py config.wsgi --access-logfile /dev/null 2>"$WORK/gunicorn.log" &
pids+=($!)
# Niced, as deploy/cppcc-plans-worker.service runs it: pages before files.
nice -n 10 .venv/bin/python manage.py db_worker --no-startup-delay >"$WORK/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$APP_PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -fsS "http://127.0.0.1:$APP_PORT/healthz"
echo "==> locust: $USERS users for $TIME"
LOAD_TARGETS="$WORK/targets.json" LOAD_ACKED="$WORK/acked.json" \
    /tmp/cppcc-load-venv/bin/locust -f bench/load/locustfile.py --headless --only-summary \
    -u "$USERS" -r 10 -t "$TIME" --host "http://127.0.0.1:$APP_PORT" --csv "$WORK/stats" \
    2>&1 | grep -v "^\[" || true
echo "==> lost-update check"
.venv/bin/python bench/load/check.py "$WORK/targets.json" "$WORK/acked.json"
echo "==> figures ($WORK/stats_stats.csv)"
python3 - "$WORK/stats_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{'request':<24}{'count':>8}{'fail':>6}{'median':>8}{'p95':>7}{'p99':>7}")
for r in rows:
    print(f"{r['Name']:<24}{r['Request Count']:>8}{r['Failure Count']:>6}{r['50%']:>8}{r['95%']:>7}{r['99%']:>7}")
total = next(r for r in rows if r["Name"] == "Aggregated")
print(f"error rate {int(total['Failure Count']) / max(1, int(total['Request Count'])):.2%}")
PY
