#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL store's tests (Tests/XBorderPostgresTests).
#
# Idempotent: installs Debian's postgresql when its binaries are missing, creates the cluster
# once, starts it when it is not running, makes sure the test role and database exist, then
# writes the URL to .ci/postgres.url and prints an `export` line for it:
#
#   eval "$(bash .ci/postgres.sh)"      # sets XBORDER_TEST_POSTGRES
#   bash .ci/postgres.sh --stop         # stops the cluster (its files stay for the next start)
#
# The cluster listens on 127.0.0.1 only, on port $XBORDER_PG_PORT (54329), and keeps its files
# in $XBORDER_PG_DIR (/tmp/xborder-postgres). Its role is a superuser: the tests create and drop
# a database each, and tamper with the audit table as only a superuser can.
# Everything but the final export line goes to standard error.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${XBORDER_PG_PORT:-54329}"
base="${XBORDER_PG_DIR:-/tmp/xborder-postgres}"
data="$base/data"
socket="$base/socket"
role=xborder
password=xborder
database=xborder_test
url="postgres://$role:$password@127.0.0.1:$port/$database?sslmode=disable"

say() { echo "postgres.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

bin_dir() {
  # The newest installed major version.
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(bin_dir)" ] || [ ! -x "$(bin_dir)/initdb" ]; then
  say "installing postgresql"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi
bin="$(bin_dir)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  say "no initdb under /usr/lib/postgresql/*/bin after installing postgresql"
  exit 1
fi

# initdb and postgres refuse to run as root: the cluster belongs to the `postgres` user then.
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  id "$owner" >/dev/null 2>&1 || { say "no 'postgres' user to own the cluster"; exit 1; }
  run() { runuser -u "$owner" -- "$@"; }
else
  owner="$(id -un)"
  run() { "$@"; }
fi

mkdir -p "$base"
chmod 0755 "$base"
if [ "$(id -u)" -eq 0 ]; then chown "$owner" "$base"; fi
run mkdir -p "$socket"

if [ "${1:-}" = "--stop" ]; then
  if [ -f "$data/postmaster.pid" ]; then run "$bin/pg_ctl" -D "$data" -m fast -w stop >&2; fi
  exit 0
fi

if [ ! -f "$data/PG_VERSION" ]; then
  say "creating a cluster in $data"
  run rm -rf "$data"
  pwfile="$(run mktemp)"
  run sh -c "printf '%s\n' '$password' > '$pwfile'"
  # Password authentication over TCP, so that the tests can also check a wrong password.
  run "$bin/initdb" -D "$data" -U "$role" --pwfile="$pwfile" --auth-local=scram-sha-256 \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >&2
  run rm -f "$pwfile"
  cat <<EOF | run tee -a "$data/postgresql.conf" >/dev/null
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$socket'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
fi

ready() { "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2; }
if ! ready; then
  if run "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # A server starting up, or a lock file left by one that was killed whose process id now
    # belongs to another process.
    for _ in 1 2 3 4 5; do ready && break; sleep 2; done
    if ! ready; then
      say "no server answers although $data/postmaster.pid names a process: removing the stale lock file"
      run rm -f "$data/postmaster.pid"
    fi
  fi
fi
if ! ready; then
  say "starting the cluster on 127.0.0.1:$port"
  run "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 start >&2 || {
    say "the cluster did not start; its log:"
    tail -n 30 "$base/server.log" >&2 || true
    exit 1
  }
fi

export PGPASSWORD="$password"
psql_admin() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$role" -d postgres "$@"; }
if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
  say "creating database $database"
  psql_admin -c "CREATE DATABASE $database" >&2
fi

echo "$url" > .ci/postgres.url
say "ready: $url (also in .ci/postgres.url)"
echo "export XBORDER_TEST_POSTGRES='$url'"
