#!/usr/bin/env bash
# The whole suite in two passes:
#   1. everything but the services suite, on SQLite (browser tests included);
#   2. the services suite on PostgreSQL + Redis with a real Celery worker process.
# With CI=true nothing may be skipped for want of a service or a browser; elsewhere a missing one
# is reported and its tests are skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"

echo "== pass 1: unit, integration and browser tests (SQLite) =="
env -u DATABASE_URL -u CELERY_BROKER_URL $PY -m pytest -m "not services" "$@"
rc1=$?

echo "== pass 2: services suite (PostgreSQL, Redis, real Celery worker) =="
if $PY scripts/services_available.py; then
  DATABASE_URL="$PG_URL" CELERY_BROKER_URL="$REDIS_URL" $PY -m pytest -m services "$@"
  rc2=$?
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but PostgreSQL or Redis is not answering: failing." >&2
  rc2=1
else
  echo "SKIPPED the services suite: PostgreSQL or Redis is not answering on loopback (see above)."
  rc2=0
fi
[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]
