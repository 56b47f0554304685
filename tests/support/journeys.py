"""Steps a real user takes, shared by the end-to-end tests."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import requests

from tests.support.html import csrf_token
from tests.support.webhooks import signed, ticket_closed


def survey_link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"open your survey: (http://127\.0\.0\.1:\d+/s/[A-Za-z0-9_-]+)\s", body)
    assert match, f"no personal link in the email: {body!r}"
    return match.group(1)


def close_ticket(url: str, ticket_id: str = "T-1001", **customer) -> dict:
    headers, body = signed(ticket_closed(ticket_id, **customer), datetime.now(UTC))
    answer = requests.post(url + "/webhooks/tickets", data=body, headers=headers, timeout=10)
    assert answer.status_code == 202, answer.text
    return answer.json()


def answer_survey(link: str, rating: int, comment: str, timeout: float = 10) -> requests.Response:
    customer = requests.Session()
    form = customer.get(link, timeout=10)
    assert form.status_code == 200, form.status_code
    return customer.post(
        link,
        data={"csrf_token": csrf_token(form.text), "rating": str(rating), "comment": comment},
        allow_redirects=False,
        timeout=timeout,
    )


def unhappy_customer(
    url: str, smtp, ticket_id: str = "T-1001", answer_timeout: float = 10, **customer
) -> str:
    """Close a ticket, wait for its survey email, answer it unhappily; returns the survey link."""
    before = len(smtp.messages)
    close_ticket(url, ticket_id, **customer)
    link = survey_link(smtp.wait_for(before + 1, timeout=20)[before])
    assert answer_survey(link, 2, "Still broken, third time I called.", answer_timeout).status_code == 303
    return link


def log_in(url: str, email: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(url + "/login", timeout=10)
    answer = session.post(
        url + "/login",
        data={"csrf_token": csrf_token(page.text), "email": email, "password": password},
        timeout=10,
    )
    assert answer.status_code == 200, answer.status_code
    return session
