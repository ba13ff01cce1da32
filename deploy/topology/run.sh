#!/usr/bin/env bash
# The deployment of the README on one machine, proven: PostgreSQL, Redis, two gunicorn app
# servers behind nginx, two outbox workers and an SMTP server, all on loopback ports;
# drive.py then signs through nginx, trips the shared rate limit, kills an app server
# mid-load and checks the mail. Everything started here is stopped whatever happens.
#
# Usage: deploy/topology/run.sh   (as root; installs nginx and redis with apt-get if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
. deploy/topology/postgres.sh

for tool in nginx:nginx redis-server:redis-server; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || {
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool##*:}" >/dev/null; }
done

DIR=$(mktemp -d /tmp/campaign-topology.XXXXXX)
chmod 755 "$DIR"  # the postgres user must reach its data folder inside
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
    [ -f "$DIR/nginx.pid" ] && kill -QUIT "$(cat "$DIR/nginx.pid")" 2>/dev/null || true
    [ -f "$DIR/redis.pid" ] && kill -TERM "$(cat "$DIR/redis.pid")" 2>/dev/null || true
    sleep 1
    for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
    stop_postgres "$DIR/pg"
    if [ "${KEEP_TOPOLOGY:-}" ]; then echo "logs kept in $DIR"; else rm -rf "$DIR"; fi
}
trap cleanup EXIT

start() {  # name, command...: run in its own process group, output to DIR/name.log
    local name=$1; shift
    setsid "$@" >"$DIR/$name.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    echo "$pid" >"$DIR/$name.pgid"
}

wait_http() {  # url: until it answers 200, for up to 20 s
    for _ in $(seq 1 100); do
        "$PY" -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" "$1" 2>/dev/null && return 0
        sleep 0.2
    done
    echo "no answer from $1"; return 1
}

echo "== starting PostgreSQL, Redis, an SMTP server"
start_postgres "$DIR/pg" "$PY"
REDIS_PORT=$(free_port "$PY")
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
SMTP_PORT=$(free_port "$PY")
start smtp "$PY" deploy/topology/smtp_sink.py "$SMTP_PORT" "$DIR/mail.jsonl"
touch "$DIR/mail.jsonl"

export CAMPAIGN_ENV=production FLASK_APP=wsgi
export SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_hex(32))')
export DATABASE_URL=$PG_URL RATELIMIT_STORAGE_URI="redis://127.0.0.1:$REDIS_PORT/0"
export MAIL_URL="smtp://127.0.0.1:$SMTP_PORT" PROXY_COUNT=1 LOG_FORMAT=json
export SESSION_COOKIE_SECURE=0 SIGN_RATE_LIMIT="10 per hour"
NGINX_PORT=$(free_port "$PY")
export BASE_URL="http://127.0.0.1:$NGINX_PORT"

echo "== migrating and loading a live appeal"
.venv/bin/flask db upgrade >/dev/null 2>&1
"$PY" - <<'PYTHON'
from campaign import create_app
from campaign.demo import load_demo
from campaign.extensions import db
from campaign.models import utcnow

app = create_app()
with app.app_context():
    load_demo(db.session, now=utcnow())
    db.session.commit()
PYTHON

echo "== two app servers, nginx, two workers"
APP1=$(free_port "$PY"); APP2=$(free_port "$PY")
start app1 .venv/bin/gunicorn -c deploy/gunicorn.conf.py -b "127.0.0.1:$APP1" --workers 2 wsgi:app
start app2 .venv/bin/gunicorn -c deploy/gunicorn.conf.py -b "127.0.0.1:$APP2" --workers 2 wsgi:app
sed -e "s|@DIR@|$DIR|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@APP1@|$APP1|g" -e "s|@APP2@|$APP2|g" \
    deploy/topology/nginx.conf.template >"$DIR/nginx.conf"
nginx -t -c "$DIR/nginx.conf" -p "$DIR" 2>/dev/null
nginx -c "$DIR/nginx.conf" -p "$DIR"
start worker1 .venv/bin/flask campaign worker
start worker2 .venv/bin/flask campaign worker
wait_http "http://127.0.0.1:$APP1/readyz"
wait_http "http://127.0.0.1:$APP2/readyz"
wait_http "http://127.0.0.1:$NGINX_PORT/healthz"

echo "== driving it through nginx on 127.0.0.1:$NGINX_PORT"
NGINX_PORT=$NGINX_PORT PG_URL=$PG_URL TOPOLOGY_DIR=$DIR "$PY" deploy/topology/drive.py
