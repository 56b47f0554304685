#!/usr/bin/env bash
# Sets up everything the suite needs and runs it: unit tests once, then the integration and
# end-to-end tests on SQLite and on the local PostgreSQL (database `test`), the two passes side
# by side (each has its own database, ports and processes), their reports printed in turn.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
# The project's own modules compiled once: where PYTHONDONTWRITEBYTECODE is set, every process
# the tests start (gunicorn, workers, each flask command) would otherwise compile them again.
.venv/bin/python -m compileall -q -j 0 config.py wsgi.py core survey followup notify scheduler devtools tests >/dev/null

# Browser tests drive Debian's chromium (Playwright's own browser download cannot be used).
if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

# axe-core checks every manager page in the browser tests; pinned in its package-lock.json and
# installed into a gitignored node_modules/ beside it.
npm ci --prefix tests/e2e/axe --no-audit --no-fund --silent

postgres_url="${TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
pytest=(.venv/bin/python -m pytest -q -p no:cacheprovider)

.venv/bin/ruff check --quiet .
.venv/bin/ruff format --check --quiet .
"${pytest[@]}" tests/unit

reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT
status=0
# Each pass names its slowest tests: CI must stay under 10 minutes, and this says where to look.
DATABASE_URL="sqlite://" "${pytest[@]}" --durations=12 tests/integration tests/e2e >"$reports/sqlite" 2>&1 & sqlite_pid=$!
# The PostgreSQL pass starts with the end-to-end tests, which mostly wait on processes, while
# the SQLite pass runs its integration tests, which keep a core busy: the two cores stay used.
DATABASE_URL="$postgres_url" "${pytest[@]}" --durations=12 tests/e2e tests/integration >"$reports/postgres" 2>&1 & postgres_pid=$!
wait "$sqlite_pid" || status=1
wait "$postgres_pid" || status=1
for pass in sqlite postgres; do
  echo "== integration and end-to-end tests on $pass =="
  cat "$reports/$pass"
done
exit "$status"
