"""Signing test webhooks the way a ticket system would, with the real Standard Webhooks library."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import datetime

from standardwebhooks.webhooks import Webhook

SECRET = "whsec_" + "dGVzdC1zZWNyZXQtZm9yLXRoZS1zdWl0ZS0xMjM0NTY="


def ticket_closed(ticket_id: str = "T-1001", **customer) -> dict:
    person = {
        "id": "C-17",
        "name": "Jane Doe",
        "email": "jane@example.com",
        "phone": "+15551234567",
        "timezone": "America/Chicago",
        "language": "en",
    }
    person.update(customer)
    return {
        "type": "ticket.closed",
        "ticket": {
            "id": ticket_id,
            "subject": "Printer offline",
            "status": "closed",
            "closed_at": "2026-11-22T10:00:00Z",
            "agent": {"name": "Sam Lee", "email": "sam@example.com"},
        },
        "customer": person,
    }


def signed(body: bytes | dict, at: datetime, msg_id: str | None = None, secret: str = SECRET):
    """Headers and body bytes of a Standard Webhooks delivery sent at `at`."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    try:
        signature = Webhook(secret).sign(msg_id, at, raw.decode("utf-8"))
    except UnicodeDecodeError:  # the library signs text only; the spec signs the body's bytes
        key = base64.b64decode(secret.removeprefix("whsec_"))
        digest = hmac.new(key, f"{msg_id}.{int(at.timestamp())}.".encode() + raw, hashlib.sha256).digest()
        signature = "v1," + base64.b64encode(digest).decode()
    headers = {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
    }
    return headers, raw


def close_ticket(client, clock, ticket_id: str = "T-1001", subject: str | None = None, **customer):
    """POST a signed ticket.closed to the generic endpoint through a Flask test client."""
    payload = ticket_closed(ticket_id, **customer)
    if subject is not None:
        payload["ticket"]["subject"] = subject
    headers, body = signed(payload, clock.now())
    return client.post("/webhooks/tickets", data=body, headers=headers)


def run_worker(app) -> None:
    """One worker tick in this process: plan, deliver, heartbeat."""
    from scheduler.jobs import tick

    tick(app, "test", app.extensions["deliverer_factory"]())


def survey_path(app, client, clock, ticket_id: str = "T-1001", **customer) -> str:
    """Close a ticket through the webhook; the path of the survey link the customer is sent."""
    from core.extensions import db
    from survey.delivery import survey_link
    from survey.models import Survey

    answer = close_ticket(client, clock, ticket_id, **customer)
    assert answer.status_code == 202, answer.get_json()
    with app.app_context():
        survey = db.session.get(Survey, answer.get_json()["survey_id"])
        link = survey_link(app.config["PUBLIC_BASE_URL"], app.config["SECRET_KEY"], survey)
    return link.removeprefix(app.config["PUBLIC_BASE_URL"])
