#!/usr/bin/env bash
# Create .venv (if needed) and install borderflow into it.
#   scripts/setup.sh            the app and its test tools (ruff, mypy, pytest, Playwright),
#                               and Debian's Chromium for the browser tests
#   scripts/setup.sh --runtime  the app only (what ./run.sh needs)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--runtime" ]; then
  .venv/bin/python -m pip install --quiet -e .
  exit 0
fi
.venv/bin/python -m pip install --quiet -e ".[dev]"
# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n apt-get update -qq && sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
fi
