#!/bin/sh
# Load test of `xborder serve` on loopback with wrk: single checks, then JSON Lines batches of
# 100 flows. Builds the release binary, starts it on a free port, runs each load, stops it.
#   Bench/load/run.sh [seconds] [connections] [threads]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-20}
connections=${2:-32}
threads=${3:-2}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

cd "$root"
# XBORDER_SERVE_BINARY names an xborder-serve already built; otherwise the release build.
binary=${XBORDER_SERVE_BINARY:-}
if [ -z "$binary" ]; then
  swift build -c release --product xborder-serve >&2
  binary="$root/.build/release/xborder-serve"
fi

pid=""
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
# 100 flows: the example inventory's lines repeated.
lines=$(grep -c . Scenarios/examples/inventory.jsonl)
: > "$work/batch.jsonl"
while [ "$(grep -c . "$work/batch.jsonl")" -lt 100 ]; do cat Scenarios/examples/inventory.jsonl >> "$work/batch.jsonl"; done
head -n 100 "$work/batch.jsonl" > "$work/batch100.jsonl"

"$binary" serve --port 0 --policies "$root/Policies" --log-level notice 2> "$work/serve.log" &
pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -n 1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log" >&2; echo "the service did not start" >&2; exit 1; }

url="http://127.0.0.1:$port/v1/check"
echo "== single flows: wrk -t$threads -c$connections -d${seconds}s (Scenarios/examples/retail-members.yaml)"
XBORDER_FLOW="$root/Scenarios/examples/retail-members.yaml" wrk -t"$threads" -c"$connections" -d"${seconds}s" -s "$here/single.lua" "$url"
echo "== batches of 100 flows: wrk -t$threads -c$connections -d${seconds}s (Scenarios/examples/inventory.jsonl lines, $lines repeated)"
XBORDER_BATCH="$work/batch100.jsonl" wrk -t"$threads" -c"$connections" -d"${seconds}s" -s "$here/batch.lua" "$url"
