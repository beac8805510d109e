#!/usr/bin/env bash
# Runs a command and stops it when its output stays silent for too long, so that a hung test
# fails in minutes, with what was running and where each thread waited, instead of holding CI
# to its own limit with nothing said.
#
#   bash .ci/watchdog.sh [--quiet-minutes N | --quiet-seconds N] -- swift test
#
# The command's output goes through unchanged and its exit status is kept. When no line has
# come for N minutes (10 unless told; the suite prints a line every few seconds, a cold build
# within two minutes), the watchdog prints the tests that started and did not end, the thread
# backtraces of every test process it started (with gdb when it is installed), and stops the
# command and everything it started: the exit status is then 124, as timeout(1) gives. Only
# the command's own descendants are looked at or stopped, never another run on the machine.
set -uo pipefail

quiet_limit=600
poll=15
while [ $# -gt 0 ]; do
  case "$1" in
    --quiet-minutes) quiet_limit=$(( $2 * 60 )); shift 2 ;;
    # Seconds are for the watchdog's own test.
    --quiet-seconds) quiet_limit="$2"; poll=1; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: watchdog.sh [--quiet-minutes N | --quiet-seconds N] -- COMMAND..." >&2
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

# Every process descended from the command. Process groups are not enough: swift test starts
# the test process in a group of its own.
descendants() {
  ps -e -o pid=,ppid= | awk -v root="$leader" '
    { parent[$1] = $2 }
    END {
      for (pid in parent) {
        p = pid
        for (depth = 0; depth < 64 && p != "" && p != 0 && p != 1; depth++) {
          if (parent[p] == root || p == root) { if (pid != root) print pid; break }
          p = parent[p]
        }
      }
    }'
}

report() {
  echo
  echo "watchdog: no output for $quiet_limit seconds; stopping: $*"
  echo "watchdog: tests started and not ended:"
  # Swift Testing's lines: "◇ Test name() started." and "✔/✘ Test name() passed/failed…".
  awk '
    /^.{1,3}Test .* started\.$/ { name = $0; sub(/^.{1,3}Test /, "", name); sub(/ started\.$/, "", name); open[name] = 1 }
    /^.{1,3}Test .* (passed|failed|skipped)/ {
      name = $0; sub(/^.{1,3}Test /, "", name); sub(/ (passed|failed|skipped).*$/, "", name); delete open[name]
    }
    END { for (name in open) print "  " name }
  ' "$log"
  for pid in $(descendants); do
    case "$(tr '\0' ' ' < /proc/"$pid"/cmdline 2>/dev/null)" in
      *PackageTests.xctest*|*xborder-serve*) ;;
      *) continue ;;
    esac
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
  sleep "$poll"
  size="$(stat -c %s "$log" 2>/dev/null || echo 0)"
  if [ "$size" != "$last_size" ]; then
    last_size="$size"
    quiet_seconds=0
    continue
  fi
  quiet_seconds=$((quiet_seconds + poll))
  if [ "$quiet_seconds" -ge "$quiet_limit" ]; then
    report "$*" >&2
    touch "$flag"
    started="$(descendants)"
    kill -TERM -- "-$leader" $started 2>/dev/null || true
    sleep 5
    kill -KILL -- "-$leader" $started $(descendants) 2>/dev/null || true
    break
  fi
done
wait "$pipeline"
status=$?
if [ -e "$flag" ]; then exit 124; fi
exit "$status"
