# A throwaway PostgreSQL on a free loopback port, for CI and the test topology.
# Source this file, then: start_postgres DIR PYTHON  (sets PGPORT and PG_URL); stop_postgres DIR.
# PostgreSQL refuses to run as root, so the server runs as the postgres user.

pg_bin() {
    if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

free_port() {
    "$1" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_postgres() {
    local dir=$1 python=$2
    if [ -z "$(pg_bin)" ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    PGBIN=$(pg_bin)
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    mkdir -p "$dir" && chown postgres: "$dir"
    PGPORT=$(free_port "$python")
    runuser -u postgres -- "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $PGPORT -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres campaign
    PG_URL="postgresql://postgres@127.0.0.1:$PGPORT/campaign"
    export PGPORT PG_URL PGBIN
}

stop_postgres() {
    local dir=$1
    [ -n "${PGBIN:-}" ] && [ -d "$dir/data" ] && \
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    return 0
}
