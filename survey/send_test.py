"""`flask --app wsgi tickets send-test`: close a made-up ticket on the running app, the way a
ticket system would, to see a survey go out without writing a signer.

It signs a `ticket.closed` body with WEBHOOK_SECRET (Standard Webhooks, as the endpoint
checks) and posts it to PUBLIC_BASE_URL, then prints the app's answer. With --unhappy it then
answers the survey through the customer's own page with a low rating and a complaint, so a
follow-up lands in the queue.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime

import click
import requests
from flask import current_app
from flask.cli import AppGroup
from standardwebhooks.webhooks import Webhook

from core.extensions import db
from survey.delivery import survey_link
from survey.models import Survey

tickets = AppGroup("tickets", help="Send test tickets to the running app.")
TIMEOUT = 30  # seconds; a laptop running the demo and its worker can be slow to answer
COMPLAINT = "Still broken after three calls, and nobody called me back."


def closed_ticket(ticket_id: str, email: str | None, phone: str | None, now: datetime) -> dict:
    """A `ticket.closed` body as CONTRACT.md shows it, for a test customer."""
    return {
        "type": "ticket.closed",
        "ticket": {
            "id": ticket_id,
            "subject": "Test ticket: printer offline",
            "status": "closed",
            "closed_at": now.isoformat().replace("+00:00", "Z"),
            "agent": {"name": "Test Agent", "email": "agent@example.com"},
        },
        "customer": {"id": f"test-{email or phone}", "name": "Test Customer", "email": email,
                     "phone": phone, "timezone": "UTC", "language": "en"},
    }  # fmt: skip


def signed_headers(secret: str, body: str, now: datetime) -> dict[str, str]:
    msg_id = f"msg_{uuid.uuid4().hex}"
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, now, body),
        "content-type": "application/json",
    }


@tickets.command("send-test")
@click.option("--email", default="test.customer@example.com", show_default=True, help="The customer's email.")
@click.option("--phone", default=None, help="The customer's phone (E.164, e.g. +15551234567) for an SMS.")
@click.option("--unhappy", is_flag=True, help="Then answer the survey unhappily, so a follow-up opens.")
def send_test_command(email: str, phone: str | None, unhappy: bool) -> None:
    """Sign a closed-ticket webhook with WEBHOOK_SECRET and post it to PUBLIC_BASE_URL."""
    config = current_app.config
    secret, base = config.get("WEBHOOK_SECRET"), config["PUBLIC_BASE_URL"].rstrip("/")
    if not secret:
        raise click.ClickException("WEBHOOK_SECRET is not set: the app's ticket webhook is off.")
    now = datetime.now(UTC)
    body = json.dumps(closed_ticket(f"TEST-{now:%H%M%S}-{uuid.uuid4().hex[:4]}", email, phone, now))
    try:
        answer = requests.post(
            base + "/webhooks/tickets", data=body, headers=signed_headers(secret, body, now), timeout=TIMEOUT
        )
    except requests.RequestException as error:
        raise click.ClickException(f"could not reach the app at {base}: {error}") from None
    click.echo(f"POST {base}/webhooks/tickets -> {answer.status_code} {answer.text.strip()}")
    if not answer.ok:
        raise SystemExit(1)
    survey_id = answer.json().get("survey_id")
    if unhappy and survey_id:
        _answer_unhappily(base, db.session.get(Survey, survey_id))


def _answer_unhappily(base: str, survey: Survey | None) -> None:
    """Answer as the customer would: open their page, send rating 2 with a complaint."""
    if survey is None:
        raise click.ClickException("the survey is not in this app's database (another DATABASE_URL?)")
    link = survey_link(base, current_app.config["SECRET_KEY"], survey)
    customer = requests.Session()
    try:
        form = customer.get(link, timeout=TIMEOUT)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text)
        sent = customer.post(
            link,
            data={"csrf_token": token.group(1) if token else "", "rating": "2", "comment": COMPLAINT},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
    except requests.RequestException as error:
        raise click.ClickException(f"could not answer the survey at {link}: {error}") from None
    click.echo(f"Answered its survey: rating 2, “{COMPLAINT}” -> {sent.status_code}")
    click.echo(f"The follow-up is in the queue: {base}/followups")
