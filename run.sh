#!/usr/bin/env bash
# Set up on a fresh machine and run the main job: build or refresh the warehouse
# (from $BORDERFLOW_DATA_DIR when set, otherwise by downloading the official
# files), print the brief of the newest month, then serve the dashboard and API
# on http://127.0.0.1:8000 (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
.venv/bin/borderflow run "$@"
exec .venv/bin/borderflow serve "$@"
