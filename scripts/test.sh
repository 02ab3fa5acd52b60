#!/usr/bin/env bash
# The whole suite on SQLite (browser tests included), then on PostgreSQL where it is reachable.
# TEILHABE_REQUIRE_POSTGRES=1 (set by .ci/run) turns a skipped PostgreSQL run into a failure,
# and checks the server before the SQLite run, so an unreachable one fails at once.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=".venv/bin/pytest"
TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/teilhabe_test}"
WORKERS="${TEST_WORKERS:-auto}"
REQUIRED="${TEILHABE_REQUIRE_POSTGRES:-0}"
export DJANGO_ALLOW_ASYNC_UNSAFE=true  # Playwright's sync API runs an event loop in the thread

if [ "$REQUIRED" = 1 ]; then
  if [ "${TEILHABE_TEST_POSTGRES:-run}" = skip ]; then
    echo "== PostgreSQL is required here but TEILHABE_TEST_POSTGRES=skip: failing." >&2
    exit 1
  fi
  if ! .venv/bin/python scripts/pg_reachable.py "$TEST_DATABASE_URL"; then
    echo "== PostgreSQL is required here but not reachable ($TEST_DATABASE_URL): failing." >&2
    exit 1
  fi
fi

if [ "${TEILHABE_TEST_SQLITE:-run}" != skip ]; then
  echo "== Tests on SQLite (with browser tests)"
  DATABASE_URL="sqlite:///$(pwd)/var/test.sqlite3" "$PYTEST" -n "$WORKERS" "$@"
fi

if [ "${TEILHABE_TEST_POSTGRES:-run}" = skip ]; then
  echo "== PostgreSQL run skipped (TEILHABE_TEST_POSTGRES=skip)"
  exit 0
fi
if .venv/bin/python scripts/pg_reachable.py "$TEST_DATABASE_URL"; then
  echo "== Tests on PostgreSQL ($TEST_DATABASE_URL; browser tests ran on SQLite)"
  DATABASE_URL="$TEST_DATABASE_URL" "$PYTEST" -n "$WORKERS" -m "not browser" "$@"
elif [ "$REQUIRED" = 1 ]; then
  echo "== PostgreSQL is required here but not reachable: failing." >&2
  exit 1
else
  echo "== PostgreSQL not reachable: its run is SKIPPED (set TEST_DATABASE_URL to run it)."
fi
