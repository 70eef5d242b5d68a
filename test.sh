#!/usr/bin/env bash
# Set up on a fresh machine and run every gate: lint, types, tests.
# The tests read the official files from $BORDERFLOW_DATA_DIR (default ../shared/data/raw).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
export BORDERFLOW_DATA_DIR=${BORDERFLOW_DATA_DIR:-$(cd .. && pwd)/shared/data/raw}
.venv/bin/ruff check src tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest -n 2 -q "$@"
