#!/usr/bin/env bash
# `make run`: the background worker (the network's import) beside the development server. Both
# stop together: Ctrl-C, a TERM, or either of them ending ends the other.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=".venv/bin/python"
PIDS=()
stop() {
  trap - EXIT INT TERM
  kill "${PIDS[@]}" 2>/dev/null
  wait 2>/dev/null
}
trap stop EXIT
trap 'exit 130' INT TERM
"$PY" manage.py db_worker --interval 1 --no-reload &
PIDS+=($!)
"$PY" manage.py runserver "${1:-127.0.0.1:8000}" &
PIDS+=($!)
wait -n  # the first of the two to end (or a signal) ends the script
