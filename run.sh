#!/usr/bin/env bash
# Set up on a fresh machine and run the main job: build or refresh the warehouse
# (from $BORDERFLOW_DATA_DIR when set, otherwise by downloading the official
# files) and print the brief of the newest month.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/borderflow run "$@"
