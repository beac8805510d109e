#!/usr/bin/env bash
# Decide one generated inventory with xborder and with the engines a user would pick instead
# (Cedar through cedarpy, OPA Rego through rego-cpp's regopy, GoRules zen-engine), check that
# they agree on every flow, and print the figures of the run. See README.md.
#
#   Bench/compare/run.sh [--flows N] [--seed S] [--peers cedar,rego,zen]
#
# XBORDER=/path/to/xborder uses that binary instead of building this tree's release binary.
# PYTHON=python3.x chooses the interpreter of the virtual environment (3.10 or later).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
flows=20000
seed=42
peers="cedar,rego,zen"
while [ $# -gt 0 ]; do
    case "$1" in
        --flows) flows="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --peers) peers="$2"; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

# 1. The peers, pinned, in a virtual environment of their own.
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    echo "== creating $venv"
    "${PYTHON:-python3}" -m venv "$venv"
fi
pinned_installed() {
    "$venv/bin/python" - "$here/requirements.txt" <<'PY'
import sys
from importlib import metadata
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if line:
        name, version = line.split("==")
        try:
            if metadata.version(name) != version:
                sys.exit(1)
        except metadata.PackageNotFoundError:
            sys.exit(1)
PY
}
if ! pinned_installed; then
    echo "== installing $(grep -v '^#' "$here/requirements.txt" | tr '\n' ' ')"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: -r "$here/requirements.txt"
fi
py="$venv/bin/python"

# 2. xborder, the release binary.
if [ -z "${XBORDER:-}" ]; then
    # Linked with the Swift runtime and Foundation inside, as README.md's production build:
    # that build starts in about half the time of one that loads them as shared libraries.
    echo "== building xborder (release, --static-swift-stdlib)"
    (cd "$root" && swift build -c release --static-swift-stdlib --product xborder >/dev/null)
    XBORDER="$(cd "$root" && swift build -c release --show-bin-path)/xborder"
fi
[ -x "$XBORDER" ] || { echo "run.sh: no xborder binary at $XBORDER" >&2; exit 2; }

# 3. One inventory for every engine.
work="$here/.work"
mkdir -p "$work"
echo "== generating $flows flows (seed $seed)"
"$py" "$here/gen.py" --flows "$flows" --seed "$seed" --out "$work/inventory.jsonl"

# 4. Decide it: xborder's whole process, then each peer's whole process.
echo "== xborder check --format json ($XBORDER)"
status=0
"$py" "$here/measure.py" --out "$work/xborder-process.json" --stdout "$work/xborder.jsonl" -- \
    "$XBORDER" check "$work/inventory.jsonl" --format json --policies "$root/Policies" || status=$?
if [ "$status" -gt 1 ]; then
    echo "run.sh: xborder check failed with exit status $status" >&2
    exit "$status"
fi
for peer in ${peers//,/ }; do
    echo "== $peer"
    "$py" "$here/measure.py" --out "$work/$peer-process.json" -- \
        "$py" "$here/peer.py" "$peer" "$work/inventory.jsonl" --out "$work/$peer.jsonl" --stats "$work/$peer-stats.json"
done

# 5. Agreement and the figures.
echo
"$py" "$here/compare.py" "$work" --peers "$peers" --seed "$seed" --results "$here/results.json"
