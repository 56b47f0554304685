"""One ticket from the webhook to a closed follow-up, over HTTP against the running app."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import requests

from tests.support.factories import PASSWORD
from tests.support.html import csrf_token, text
from tests.support.journeys import survey_link
from tests.support.processes import wait_for
from tests.support.webhooks import signed, ticket_closed


def test_ticket_to_closed_followup(stack, smtp, manager):
    url = stack["url"]

    headers, body = signed(ticket_closed("T-1001"), datetime.now(UTC))
    answer = requests.post(url + "/webhooks/tickets", data=body, headers=headers, timeout=10)
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "scheduled"

    email = smtp.wait_for(1, timeout=20)[0]
    assert email["To"] == "jane@example.com"
    link = survey_link(email)

    customer = requests.Session()
    form = customer.get(link, timeout=10)
    assert form.status_code == 200
    assert "Printer offline" in text(form.text)
    token = csrf_token(form.text)
    posted = customer.post(
        link,
        data={"csrf_token": token, "rating": "2", "comment": "Still broken, third time I called."},
        allow_redirects=False,
        timeout=10,
    )
    assert posted.status_code == 303
    thanks = customer.get(
        url + posted.headers["Location"]
        if posted.headers["Location"].startswith("/")
        else posted.headers["Location"],
        timeout=10,
    )
    assert "Thank you" in thanks.text

    desk = requests.Session()
    login = desk.get(url + "/followups", timeout=10)
    assert login.url.startswith(url + "/login")
    logged_in = desk.post(
        url + "/login",
        data={
            "csrf_token": csrf_token(login.text),
            "email": manager,
            "password": PASSWORD,
        },
        timeout=10,
    )
    assert logged_in.status_code == 200
    queue = text(logged_in.text)
    assert "Jane Doe" in queue and "Still broken" in queue
    task_path = re.search(r'href="(/followups/\d+)"', logged_in.text).group(1)

    page = desk.get(url + task_path, timeout=10)
    no_answer = desk.post(
        url + task_path + "/attempts",
        data={"csrf_token": csrf_token(page.text), "outcome": "no_answer", "note": "rang 10 times"},
        timeout=10,
    )
    assert no_answer.status_code == 200
    shown = text(no_answer.text)
    assert "open" in shown and "Next try" in shown and "no answer" in shown

    reached = desk.post(
        url + task_path + "/attempts",
        data={
            "csrf_token": csrf_token(no_answer.text),
            "outcome": "reached",
            "note": "Spoke to Jane: sending a replacement printer.",
        },
        timeout=10,
    )
    shown = text(reached.text)
    assert "closed" in shown and "Customer reached: task closed." in shown
    assert "Log a call" not in shown

    closed_queue = desk.get(url + "/followups?status=closed", timeout=10)
    assert "Jane Doe" in text(closed_queue.text)
    assert wait_for(lambda: "Jane Doe" not in text(desk.get(url + "/followups", timeout=10).text))
