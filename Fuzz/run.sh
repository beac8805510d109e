#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for MINUTES (default 5), one after another, one
# worker each. Reports every crash, hang, out-of-memory and leak with its reproducer, and exits
# non-zero when there is one.
#
#   Fuzz/run.sh                     every target, 5 minutes each
#   Fuzz/run.sh 10 fuzz-yaml flow   10 minutes each for these (the fuzz- prefix may be left out)
#
# Reproduce a finding:  Fuzz/.build/release/fuzz-flow Fuzz/artifacts/fuzz-flow/crash-…
set -euo pipefail
cd "$(dirname "$0")"

minutes=5
if [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+([.][0-9]+)?$ ]]; then minutes=$1; shift; fi
all=(fuzz-yaml fuzz-flow fuzz-jsonflow fuzz-policy fuzz-suite fuzz-bundle fuzz-record)
targets=()
for name in "$@"; do targets+=("fuzz-${name#fuzz-}"); done
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
for target in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $target "* ]] || { echo "run.sh: unknown target '$target' (targets: ${all[*]})" >&2; exit 2; }
done

# Largest input per target: room for the biggest seed, small enough to keep runs fast.
max_len() {
  case "$1" in
    fuzz-yaml|fuzz-flow|fuzz-jsonflow|fuzz-record) echo 16384 ;;
    fuzz-policy|fuzz-suite) echo 32768 ;;
    fuzz-bundle) echo 65536 ;;
  esac
}
dictionary() {
  case "$1" in
    fuzz-yaml) echo dictionaries/yaml.dict ;;
    fuzz-flow|fuzz-record) echo dictionaries/flow.dict ;;
    fuzz-jsonflow) echo dictionaries/jsonflow.dict ;;
    fuzz-policy) echo dictionaries/policy.dict ;;
    fuzz-suite) echo dictionaries/suite.dict ;;
    fuzz-bundle) echo dictionaries/bundle.dict ;;
  esac
}

echo "run.sh: building ${targets[*]} (release, -sanitize=fuzzer,address)"
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
bin=$(swift build -c release --show-bin-path -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
./seeds.sh >/dev/null

findings=0
for target in "${targets[@]}"; do
  artifacts=artifacts/$target
  mkdir -p "$artifacts"
  seconds=$(awk "BEGIN { printf \"%d\", $minutes * 60 }")
  echo "run.sh: $target for $minutes minute(s), log in Fuzz/$artifacts/fuzz.log"
  status=0
  # Leak checking is off: the Swift runtime's lazily built metadata and caches look like leaks
  # to LeakSanitizer; memory growth is still bounded by -rss_limit_mb.
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
    "$bin/$target" "corpus/${target#fuzz-}" -dict="$(dictionary "$target")" -max_len="$(max_len "$target")" \
      -timeout=10 -rss_limit_mb=2048 -max_total_time="$seconds" -workers=1 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" > "$artifacts/fuzz.log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$artifacts/fuzz.log" | sed "s/^/  /" || true
  found=$(find "$artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' -o -name 'slow-unit-*' \) | sort)
  if [ "$status" -ne 0 ] || [ -n "$found" ]; then
    echo "run.sh: $target FOUND a problem (exit $status):"
    grep -E 'ERROR: |==ERROR|Fatal error|deadly signal|timeout after|out-of-memory' "$artifacts/fuzz.log" | head -5 | sed "s/^/  /" || true
    for file in $found; do echo "  reproducer: Fuzz/$file"; done
    findings=$((findings + 1))
  else
    echo "run.sh: $target: no finding"
  fi
done
if [ "$findings" -gt 0 ]; then
  echo "run.sh: $findings target(s) with findings"
  exit 1
fi
echo "run.sh: no findings"
