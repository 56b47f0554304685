#!/usr/bin/env bash
# Sets up the app on the SQLite default, seeds 90 days of demo data and serves it with a worker.
# Outgoing email and SMS are caught locally and printed here: no outside account needed.
# Ports (change them if one is taken): DEMO_APP_PORT (5000, the app), DEMO_SMTP_PORT (8025, the
# mail catcher), DEMO_TWILIO_PORT (8026, the Twilio stand-in). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

app_port="${DEMO_APP_PORT:-5000}" smtp_port="${DEMO_SMTP_PORT:-8025}" twilio_port="${DEMO_TWILIO_PORT:-8026}"
for pair in "DEMO_APP_PORT:$app_port" "DEMO_SMTP_PORT:$smtp_port" "DEMO_TWILIO_PORT:$twilio_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${pair#*:}") 2>/dev/null; then
    echo "Port ${pair#*:} is taken: choose another with ${pair%%:*}=..., e.g. ${pair%%:*}=$(( ${pair#*:} + 100 ))" >&2
    exit 1
  fi
done

export APP_ENV=development
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://localhost:$app_port}"
export MAIL_SERVER=127.0.0.1 MAIL_PORT="$smtp_port" MAIL_DEFAULT_SENDER="support@example.com"
export TWILIO_ACCOUNT_SID="AC$(printf 'de%.0s' {1..16})" TWILIO_AUTH_TOKEN="demo-auth-token"
export TWILIO_FROM_NUMBER="+15550000000" TWILIO_API_BASE="http://127.0.0.1:$twilio_port"
export SCHEDULER_INTERVAL_SECONDS="${SCHEDULER_INTERVAL_SECONDS:-5}"
export WEBHOOK_SECRET="${WEBHOOK_SECRET:-whsec_ZGVtby13ZWJob29rLXNlY3JldC1mb3ItbG9jYWwtdXNl}"
# Round the clock, so call-back reminders and escalations show whatever the hour of the demo.
export BUSINESS_HOURS="${BUSINESS_HOURS:-Mon-Sun 00:00-24:00}"

flask=".venv/bin/flask --app wsgi"
$flask db upgrade
$flask demo

# Every process here gets the terminal's Ctrl-C and ends quietly on it; this stops the rest.
pids=()
stop() {
  trap - INT TERM EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "Demo stopped."
}
trap stop EXIT
trap 'exit 0' INT TERM
.venv/bin/python -m devtools.mail_catcher --port "$smtp_port" & pids+=($!)
.venv/bin/python -m devtools.fake_twilio --port "$twilio_port" & pids+=($!)
$flask worker & pids+=($!)
cat <<TEXT

Open $PUBLIC_BASE_URL and log in with the manager login printed above (Ctrl-C stops everything).
Send a ticket from another terminal (same directory):
  WEBHOOK_SECRET=$WEBHOOK_SECRET PUBLIC_BASE_URL=$PUBLIC_BASE_URL APP_ENV=development \\
    .venv/bin/flask --app wsgi tickets send-test --email you@example.com --phone +15551234567 --unhappy

TEXT
$flask run --host 127.0.0.1 --port "$app_port" & pids+=($!)
wait "${pids[-1]}"
