#!/usr/bin/env bash
# A throw-away PostgreSQL server for tests and CI, listening on 127.0.0.1 only.
#
#   eval "$(scripts/postgres_server.sh start)"   # initdb into a temp dir, start, print env
#   scripts/postgres_server.sh stop "$LOTTERY_PG_DIR"
#
# `start` uses the PostgreSQL binaries on this machine (`initdb`, `pg_ctl` on PATH or in
# /usr/lib/postgresql/*/bin); when there are none it installs the Debian package
# `postgresql` (root only, and not when LOTTERY_PG_NO_INSTALL is set). The cluster belongs
# to the `postgres` system user when run as root (initdb refuses root), listens on
# 127.0.0.1 on a free port, and gets a role and a database for the warehouse (the role may
# create databases: the tests build each warehouse in a fresh one; and is in pg_signal_backend,
# so that dropping a test database may end an autovacuum worker on it). It prints the
# LOTTERY_PG_* variables profiles.yml reads.
set -euo pipefail

ROLE=${LOTTERY_PG_USER:-lottery}
PASSWORD=${LOTTERY_PG_PASSWORD:-lottery}
DATABASE=${LOTTERY_PG_DATABASE:-lottery}

find_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return 0
    fi
    return 1
}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local bin
    if ! bin=$(find_bin); then
        if [[ $(id -u) -ne 0 || -n "${LOTTERY_PG_NO_INSTALL:-}" ]]; then
            echo "PostgreSQL is not installed (no initdb/pg_ctl); install the 'postgresql' package" >&2
            exit 1
        fi
        echo "installing PostgreSQL from the Debian registry" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
        bin=$(find_bin)
    fi
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    local dir port
    dir=$(mktemp -d "${TMPDIR:-/tmp}/lottery-pg.XXXXXX")
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    local pwfile="$dir/pwfile"
    printf '%s\n' "$PASSWORD" >"$pwfile"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$pwfile"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c timezone=UTC" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner psql -v ON_ERROR_STOP=1 -q -h "$dir" -p "$port" -U postgres -d postgres >/dev/null <<SQL
create role "$ROLE" login createdb password '${PASSWORD//\'/\'\'}';
grant pg_signal_backend to "$ROLE";
create database "$DATABASE" owner "$ROLE";
SQL
    echo "$bin" >"$dir/bin"
    cat <<ENV
export LOTTERY_PG_DIR=$dir
export LOTTERY_PG_HOST=127.0.0.1
export LOTTERY_PG_PORT=$port
export LOTTERY_PG_USER=$ROLE
export LOTTERY_PG_PASSWORD=$PASSWORD
export LOTTERY_PG_DATABASE=$DATABASE
ENV
}

stop() {
    local dir=${1:-${LOTTERY_PG_DIR:-}}
    if [[ -z "$dir" || ! -d "$dir" ]]; then
        echo "usage: $0 stop DIR (the LOTTERY_PG_DIR that start printed)" >&2
        exit 1
    fi
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *)
        echo "usage: $0 start | stop DIR" >&2
        exit 2
        ;;
esac
