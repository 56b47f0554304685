#!/usr/bin/env bash
# Sets up everything the suite needs and runs it: unit tests once, then the integration and
# end-to-end tests on SQLite and on the local PostgreSQL (database `test`).
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# Browser tests drive Debian's chromium (Playwright's own browser download cannot be used).
if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

postgres_url="${TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"

.venv/bin/ruff check --quiet .
.venv/bin/python -m pytest tests/unit -q -p no:cacheprovider
DATABASE_URL="sqlite://" .venv/bin/python -m pytest tests/integration tests/e2e -q -p no:cacheprovider
DATABASE_URL="$postgres_url" .venv/bin/python -m pytest tests/integration tests/e2e -q -p no:cacheprovider
