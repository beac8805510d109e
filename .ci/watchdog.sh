#!/usr/bin/env bash
# Runs a command and stops it when its output stays silent for too long, so that a hung test
# fails in minutes, with what was running and where each thread waited, instead of holding CI
# to its own limit with nothing said.
#
#   bash .ci/watchdog.sh [--quiet-minutes N] -- swift test
#
# The command's output goes through unchanged and its exit status is kept. When no line has
# come for N minutes (10 unless told; the suite prints a line every few seconds, a cold build
# within two minutes), the watchdog prints the tests that started and did not end, the thread
# backtraces of every test process (with gdb when it is installed), and stops the command:
# the exit status is then 124, as timeout(1) gives.
set -uo pipefail

quiet_minutes=10
while [ $# -gt 0 ]; do
  case "$1" in
    --quiet-minutes) quiet_minutes="$2"; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: watchdog.sh [--quiet-minutes N] -- COMMAND..." >&2
  exit 2
fi

log="$(mktemp -t xborder-watchdog.XXXXXX)"
flag="$log.fired"
trap 'rm -f "$log" "$flag"' EXIT

# The command in its own process group, so that stopping it stops the test processes too.
set -m
( "$@" 2>&1 ) | tee "$log" &
pipeline=$!
set +m
leader="$(jobs -p | tail -n 1)"

report() {
  echo
  echo "watchdog: no output for $quiet_minutes minutes; stopping: $*"
  echo "watchdog: tests started and not ended:"
  # Swift Testing's lines: "◇ Test name() started." and "✔/✘ Test name() passed/failed…".
  awk '
    /^.{1,3}Test .* started\.$/ { name = $0; sub(/^.{1,3}Test /, "", name); sub(/ started\.$/, "", name); open[name] = 1 }
    /^.{1,3}Test .* (passed|failed|skipped)/ {
      name = $0; sub(/^.{1,3}Test /, "", name); sub(/ (passed|failed|skipped).*$/, "", name); delete open[name]
    }
    END { for (name in open) print "  " name }
  ' "$log"
  for pid in $(pgrep -f 'PackageTests\.xctest|xborder-serve' || true); do
    echo "watchdog: process $pid: $(tr '\0' ' ' < /proc/"$pid"/cmdline 2>/dev/null | cut -c1-200)"
    if command -v gdb >/dev/null 2>&1; then
      timeout 120 gdb -p "$pid" -batch -ex "thread apply all bt 30" 2>/dev/null \
        | grep -E '^(Thread|#)' | head -n 2000
    fi
  done
}

last_size=-1
quiet_seconds=0
while kill -0 "$pipeline" 2>/dev/null; do
  sleep 15
  size="$(stat -c %s "$log" 2>/dev/null || echo 0)"
  if [ "$size" != "$last_size" ]; then
    last_size="$size"
    quiet_seconds=0
    continue
  fi
  quiet_seconds=$((quiet_seconds + 15))
  if [ "$quiet_seconds" -ge $((quiet_minutes * 60)) ]; then
    report "$*" >&2
    touch "$flag"
    kill -TERM -- "-$leader" 2>/dev/null || true
    sleep 5
    kill -KILL -- "-$leader" 2>/dev/null || true
    pkill -KILL -f 'PackageTests\.xctest' 2>/dev/null || true
    break
  fi
done
wait "$pipeline"
status=$?
if [ -e "$flag" ]; then exit 124; fi
exit "$status"
