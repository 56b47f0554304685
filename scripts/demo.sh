#!/usr/bin/env bash
# Sets up the app on the SQLite default, seeds demo data and serves it with a worker.
# Outgoing email and SMS are caught locally and printed here: no outside account needed.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

export APP_ENV=development
export ORG_NAME="${ORG_NAME:-Acme Repairs}"
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://localhost:5000}"
export MAIL_SERVER=127.0.0.1 MAIL_PORT=8025 MAIL_DEFAULT_SENDER="support@example.com"
export TWILIO_ACCOUNT_SID="AC$(printf 'de%.0s' {1..16})" TWILIO_AUTH_TOKEN="demo-auth-token"
export TWILIO_FROM_NUMBER="+15550000000" TWILIO_API_BASE="http://127.0.0.1:8026"
export SCHEDULER_INTERVAL_SECONDS="${SCHEDULER_INTERVAL_SECONDS:-5}"
export WEBHOOK_SECRET="${WEBHOOK_SECRET:-whsec_ZGVtby13ZWJob29rLXNlY3JldC1mb3ItbG9jYWwtdXNl}"

flask=".venv/bin/flask --app wsgi"
$flask db upgrade
$flask demo

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
.venv/bin/python -m aiosmtpd -n -l 127.0.0.1:8025 -c aiosmtpd.handlers.Debugging & pids+=($!)
.venv/bin/python -m devtools.fake_twilio --port 8026 & pids+=($!)
$flask worker & pids+=($!)
echo "Open $PUBLIC_BASE_URL and log in with the manager login printed above (Ctrl-C stops everything)."
$flask run --host 127.0.0.1 --port 5000
