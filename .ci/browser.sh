#!/usr/bin/env bash
# Prepares the desk page's browser test: Debian's chromium and chromium-driver, and a Python
# virtual environment at Tests/Browser/.venv with the pinned selenium. Safe to run again: it
# installs only what is missing. Then `XBORDER_BROWSER_TESTS=1 swift test --filter BrowserTests`.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "browser.sh: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else fail "need root or sudo to install: $*"
  fi
}

missing=()
# The Chinese font, so that the page's 中文 renders in screenshots rather than as boxes.
for package in chromium chromium-driver fonts-wqy-zenhei; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "browser.sh: installing ${missing[*]}"
  as_root apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" || fail "could not install ${missing[*]}"
fi
command -v chromium >/dev/null 2>&1 || fail "chromium is not on PATH after installing it"
command -v chromedriver >/dev/null 2>&1 || fail "chromedriver is not on PATH after installing chromium-driver"

venv=Tests/Browser/.venv
requirements=Tests/Browser/requirements.txt
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || fail "could not create $venv"
fi
if ! cmp -s "$requirements" "$stamp"; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" \
    || fail "could not install $requirements into $venv"
  cp "$requirements" "$stamp"
fi
"$venv/bin/python" -c 'import selenium' || fail "selenium does not import in $venv"
echo "browser.sh: ready ($(chromium --version 2>/dev/null | head -1); selenium $("$venv/bin/python" -c 'import selenium; print(selenium.__version__)'))"
