#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the django-helpdesk integration tests.
#
#   .ci/postgres.sh start   # initdb + start on a private socket; prints the URL to export
#   .ci/postgres.sh stop    # stop it and delete its files
#
#   eval "$(.ci/postgres.sh start)"   # sets SLACLOCK_TEST_POSTGRES in this shell
#
# Needs Debian's `postgresql` package (the script installs it with apt-get when it is
# missing and it runs as root). The cluster lives in $SLACLOCK_PG_DIR (default: a folder
# under /tmp named after this checkout), listens only on a Unix socket in that folder, and
# belongs to the user running the script, or to `postgres` when that is root (PostgreSQL
# refuses to run as root).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
dir="${SLACLOCK_PG_DIR:-/tmp/slaclock-pg-$(printf '%s' "$here" | md5sum | cut -c1-8)}"
port="${SLACLOCK_PG_PORT:-54329}"

find_bin() {
  if command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  if [ -z "$found" ] && [ "$(id -u)" = 0 ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  fi
  if [ -z "$found" ]; then
    echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "$found"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

owner() {
  if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi
}

start() {
  local bin
  bin="$(find_bin)"
  if [ -f "$dir/data/postmaster.pid" ]; then
    echo "postgres.sh: a cluster already runs in $dir; stop it first" >&2
    exit 1
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U "$(owner)" --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  # fsync off: a throwaway test cluster trades durability for speed.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || {
    cat "$dir/server.log" >&2
    exit 1
  }
  echo "export SLACLOCK_TEST_POSTGRES='postgresql://$(owner)@/postgres?host=$dir&port=$port'"
}

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    local bin
    bin="$(find_bin)"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
