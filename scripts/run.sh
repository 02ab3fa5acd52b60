#!/usr/bin/env bash
# `make run`: the background worker (the network's import) beside the development server. The
# worker stops when the server stops (Ctrl-C, an error, the terminal closing).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=".venv/bin/python"
"$PY" manage.py db_worker --interval 1 --no-reload &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true; wait "$WORKER" 2>/dev/null || true' EXIT
"$PY" manage.py runserver "${1:-127.0.0.1:8000}"
