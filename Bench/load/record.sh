#!/bin/sh
# Recording through two services on one PostgreSQL ledger: 8 clients (4 connections on each of
# two `xborder serve` processes) post new flows of one exporter with ?record=true for a while;
# afterwards the ledger must hold exactly one transfer per answered request, the yearly total
# must be 3 persons per transfer, and `audit verify` must pass.
#   Bench/load/record.sh [seconds]        (needs wrk and a server from .ci/postgres.sh)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-20}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
cd "$root"
base=$(bash .ci/postgres.sh 2>/dev/null | sed -n "s/^export XBORDER_TEST_POSTGRES='\(.*\)'$/\1/p")
[ -n "$base" ] || { echo "no PostgreSQL server: .ci/postgres.sh failed" >&2; exit 2; }
database="xborder_load_$$"
admin=$(printf '%s' "$base" | sed 's|/[^/?]*?|/postgres?|')
psql "$admin" -qc "CREATE DATABASE $database"
url=$(printf '%s' "$base" | sed "s|/[^/?]*?|/$database?|")

# XBORDER_SERVE_BINARY names an xborder-serve already built; otherwise the release build.
binary=${XBORDER_SERVE_BINARY:-}
if [ -z "$binary" ]; then
  swift build -c release --product xborder-serve >&2
  binary="$root/.build/release/xborder-serve"
fi
work=$(mktemp -d)
pids=""
cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  psql "$admin" -qc "DROP DATABASE IF EXISTS $database" || true
  rm -rf "$work"
}
trap cleanup EXIT
head -c 32 /dev/urandom | base64 > "$work/token"
token=$(cat "$work/token")
export XBORDER_POLICY_CACHE="$work/cache"

ports=""
for name in a b; do
  "$binary" serve --port 0 --policies "$root/Tests/XBorderTests/Fixtures/mini" --db "$url" \
    --token-file "$work/token" --log-level notice 2> "$work/$name.log" &
  pids="$pids $!"
  port=""
  for _ in $(seq 1 600); do
    port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/$name.log" | head -n 1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$work/$name.log" >&2; echo "service $name did not start" >&2; exit 1; }
  ports="$ports $port"
done

echo "== 8 clients recording through 2 services on one PostgreSQL for ${seconds}s"
wpids=""
for port in $ports; do
  XBORDER_TAG="p$port" XBORDER_TOKEN="$token" wrk -t2 -c4 -d"${seconds}s" -s "$here/record.lua" \
    "http://127.0.0.1:$port" > "$work/wrk-$port.txt" &
  wpids="$wpids $!"
done
for pid in $wpids; do wait "$pid"; done
answered=0
for port in $ports; do
  echo "-- service on port $port"
  cat "$work/wrk-$port.txt"
  n=$(sed -n 's/^recorded \([0-9]*\),.*/\1/p' "$work/wrk-$port.txt")
  answered=$((answered + n))
done

transfers=$(psql "$url" -tAc "SELECT count(*) FROM transfer")
persons=$(psql "$url" -tAc "SELECT coalesce(sum(persons), 0) FROM transfer_count")
records=$(psql "$url" -tAc "SELECT count(*) FROM audit")
echo "answered 200: $answered; ledger transfers: $transfers; persons: $persons (expected $((answered * 3))); audit records: $records"
"$binary" audit verify --db "$url"
# A request wrk cut off at the end may have been recorded without its answer being counted.
if [ "$transfers" -lt "$answered" ] || [ "$transfers" -gt $((answered + 8)) ] || [ "$persons" -ne $((transfers * 3)) ] \
   || [ "$records" -ne "$transfers" ]; then
  echo "MISMATCH: records lost or doubled" >&2
  exit 1
fi
echo "nothing lost, nothing doubled"
