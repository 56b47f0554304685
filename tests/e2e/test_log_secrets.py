"""No secret in a log line: an end-to-end run's logs are scanned for every secret it used.

The run goes through the places a secret travels: a signed webhook, the survey link opened,
answered twice at once (the double submit that used to end in a 500 naming the link), a rating
link and the thank-you page, the API with its bearer token and a wrong one. gunicorn's access log
is on (the e2e `stack` turns it on), so every URL is written somewhere.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
import requests

from devtools.fake_twilio import DEMO_AUTH_TOKEN
from tests.support.html import csrf_token
from tests.support.journeys import survey_link
from tests.support.processes import flask
from tests.support.webhooks import SECRET, signed, ticket_closed

# What the logs hold does not depend on the database.
pytestmark = pytest.mark.one_pass("sqlite")


def answer_twice_at_once(link: str) -> list[int]:
    customer = requests.Session()
    token = csrf_token(customer.get(link, timeout=10).text)
    form = {"csrf_token": token, "rating": "1", "comment": "Still broken."}
    start, codes = threading.Barrier(2, timeout=20), []

    def submit() -> None:
        start.wait()
        codes.append(customer.post(link, data=form, allow_redirects=False, timeout=30).status_code)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=40)
    return codes


def test_logs_of_a_run_hold_none_of_the_secrets_it_used(stack, smtp, manager):
    url, env = stack["url"], stack["env"]
    headers, body = signed(ticket_closed("T-LOG-1"), datetime.now(UTC))
    assert requests.post(url + "/webhooks/tickets", data=body, headers=headers, timeout=10).status_code == 202
    link = survey_link(smtp.wait_for(1, timeout=30)[0])
    survey_token = link.rsplit("/", 1)[1]
    assert len(answer_twice_at_once(link)) == 2
    assert requests.get(link + "?rating=2", timeout=10).status_code == 200
    requests.get(link + "/thanks", timeout=10)
    api_token = flask(env, "users", "token", manager).stdout.strip()
    bearer = {"Authorization": f"Bearer {api_token}"}
    assert requests.get(url + "/api/followups", headers=bearer, timeout=10).status_code == 200
    wrong = {"Authorization": "Bearer cs_" + "W" * 43}
    assert requests.get(url + "/api/followups", headers=wrong, timeout=10).status_code == 401
    requests.get(url + f"/api/followups?token={api_token}", timeout=10)  # a token pasted in a URL

    logs = {path.name: path.read_text() for path in stack["logs"].glob("*.log")}
    assert "/s/[redacted]" in logs["gunicorn.log"]  # the access log saw the survey pages
    secrets = {
        "survey token": survey_token,
        "API token": api_token,
        "wrong API token": wrong["Authorization"].split()[1],
        "webhook signature": headers["webhook-signature"].split(",", 1)[1],
        "webhook secret": SECRET.removeprefix("whsec_"),
        "SECRET_KEY": env["SECRET_KEY"],
        "Twilio auth token": DEMO_AUTH_TOKEN,
    }
    found = {(name, log) for name, secret in secrets.items() for log, text in logs.items() if secret in text}
    assert found == set()
