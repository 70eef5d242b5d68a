#!/usr/bin/env bash
# Set up on a fresh machine and run the main job: build or refresh the warehouse
# (from $BORDERFLOW_DATA_DIR when set, otherwise by downloading the official
# files), print the brief of the newest month, then serve the dashboard and API
# on http://127.0.0.1:8000 (Ctrl-C stops it).
#
# Options go where they belong: --home to both steps, --data-dir to the build,
# --host, --port and --proxy to the server.  Example: ./run.sh --port 8811
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --runtime
run_args=()
serve_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --home) run_args+=("$1" "$2"); serve_args+=("$1" "$2"); shift 2 ;;
    --home=*) run_args+=("$1"); serve_args+=("$1"); shift ;;
    --data-dir|--data-dir=*)
      if [ "$1" = "--data-dir" ]; then run_args+=("$1" "$2"); shift 2; else run_args+=("$1"); shift; fi ;;
    --host|--port|--proxy) serve_args+=("$1" "$2"); shift 2 ;;
    --host=*|--port=*|--proxy=*) serve_args+=("$1"); shift ;;
    -h|--help)
      echo "usage: ./run.sh [--home DIR] [--data-dir DIR] [--host ADDR] [--port N] [--proxy ADDR]"
      exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
.venv/bin/borderflow run "${run_args[@]}"
exec .venv/bin/borderflow serve "${serve_args[@]}"
