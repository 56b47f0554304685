"""Webhooks as Zendesk, Jira and Freshdesk send them: their documented bodies and signing schemes.

Each `*_request` returns (path, headers, body bytes) so a test can post it with the Flask test
client or `requests` alike. Bodies follow each system's documentation (see the docstrings of
survey/intake/zendesk.py, jira.py and freshdesk.py for the trigger bodies the admin sets up).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import datetime

ZENDESK_SECRET = "dGhlLXplbmRlc2stc2lnbmluZy1zZWNyZXQ="
JIRA_SECRET = "jira-admin-webhook-secret"
FRESHDESK_TOKEN = "freshdesk-rule-token-5d1f"
SECRETS = {
    "ZENDESK_WEBHOOK_SECRET": ZENDESK_SECRET,
    "JIRA_WEBHOOK_SECRET": JIRA_SECRET,
    "FRESHDESK_WEBHOOK_TOKEN": FRESHDESK_TOKEN,
}


def _raw(payload: dict | bytes) -> bytes:
    return payload if isinstance(payload, bytes) else json.dumps(payload).encode()


def zendesk_trigger(
    ticket_id: str = "4501", status: str = "solved", previous: str | None = None, **requester: str
) -> dict:
    person = {
        "id": "90017",
        "name": "Jane Doe",
        "email": "jane@example.com",
        "phone": "+15551234567",
        "language": "English",
        "time_zone": "America/Chicago",
    }
    person.update(requester)
    ticket = {
        "id": ticket_id,
        "title": "Printer offline",
        "status": status,
        "updated_at": "2026-11-23T14:58:00Z",
        "requester": person,
        "assignee": {"name": "Sam Lee", "email": "sam@example.com"},
    }
    if previous:
        ticket["previous_status"] = previous
    return {"ticket": ticket}


def zendesk_request(
    payload: dict | bytes, at: datetime, secret: str = ZENDESK_SECRET, invocation: str | None = None
):
    """Zendesk: base64 HMAC-SHA256 over the timestamp header followed by the raw body."""
    body, stamp = _raw(payload), at.strftime("%Y-%m-%dT%H:%M:%SZ")
    signature = base64.b64encode(hmac.new(secret.encode(), stamp.encode() + body, hashlib.sha256).digest())
    headers = {
        "Content-Type": "application/json",
        "X-Zendesk-Webhook-Signature": signature.decode(),
        "X-Zendesk-Webhook-Signature-Timestamp": stamp,
        "X-Zendesk-Webhook-Invocation-Id": invocation or str(uuid.uuid4().int)[:12],
    }
    return "/webhooks/zendesk", headers, body


def jira_issue(key: str = "SUP-12", done: bool = True, from_status: str = "In Progress", **reporter) -> dict:
    person = {
        "accountId": "5b10ac8d82e05b22cc7d4ef5",
        "displayName": "Jane Doe",
        "emailAddress": "jane@example.com",
        "timeZone": "America/Chicago",
        "locale": "en_US",
    }
    person.update(reporter)
    status = (
        {"name": "Done", "statusCategory": {"key": "done", "name": "Done"}}
        if done
        else {"name": "In Progress", "statusCategory": {"key": "indeterminate", "name": "In Progress"}}
    )
    items = [{"field": "status", "fieldtype": "jira", "fromString": from_status, "toString": status["name"]}]
    items.append(
        {
            "field": "resolution",
            "fieldtype": "jira",
            "fromString": None if done else "Done",
            "toString": "Done" if done else None,
        }
    )
    return {
        "timestamp": 1795618680000,
        "webhookEvent": "jira:issue_updated",
        "issue_event_type_name": "issue_generic",
        "user": {"accountId": "agent-1", "displayName": "Sam Lee"},
        "issue": {
            "id": "10042",
            "key": key,
            "fields": {
                "summary": "Printer offline",
                "status": status,
                "resolution": {"name": "Done"} if done else None,
                "resolutiondate": "2026-11-23T14:58:00.000+0000" if done else None,
                "reporter": person,
                "assignee": {"displayName": "Sam Lee", "emailAddress": "sam@example.com"},
            },
        },
        "changelog": {"id": "10100", "items": items},
    }


def jira_request(
    payload: dict | bytes,
    at: datetime | None = None,
    secret: str = JIRA_SECRET,
    identifier: str | None = None,
):
    """Jira: `X-Hub-Signature: sha256=<hex>` over the raw body; no timestamp is signed."""
    body = _raw(payload)
    headers = {
        "Content-Type": "application/json",
        "X-Hub-Signature": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
        "X-Atlassian-Webhook-Identifier": identifier or str(uuid.uuid4()),
    }
    return "/webhooks/jira", headers, body


def freshdesk_ticket(
    ticket_id: str = "311", status: str = "Resolved", event: str = "{status:{from:2,to:4}}", **contact: str
) -> dict:
    hook = {
        "ticket_id": ticket_id,
        "ticket_subject": "Printer offline",
        "ticket_status": status,
        "triggered_event": event,
        "ticket_contact_name": "Jane Doe",
        "ticket_contact_email": "jane@example.com",
        "ticket_contact_phone": "+15551234567",
        "ticket_agent_name": "Sam Lee",
        "ticket_agent_email": "sam@example.com",
        "ticket_updated_at": "2026-11-23T14:58:00Z",
    }
    hook.update({f"ticket_contact_{key}": value for key, value in contact.items()})
    return {"freshdesk_webhook": hook}


def freshdesk_request(payload: dict | bytes, at: datetime | None = None, token: str = FRESHDESK_TOKEN):
    """Freshdesk: the rule's custom header carries the shared token; the body is not signed."""
    headers = {"Content-Type": "application/json", "X-Freshdesk-Webhook-Token": token}
    return "/webhooks/freshdesk", headers, _raw(payload)


def intake_app(make_app, smtp, twilio, sms: bool = True, **overrides):
    """The integration `app`, with every ticket system's endpoint enabled and settings overridden."""
    from tests.support.peers import local_mailer, local_sms
    from tests.support.webhooks import SECRET

    adapters = {"sms": local_sms(twilio)}
    settings = {"WEBHOOK_SECRET": SECRET, "PUBLIC_BASE_URL": "http://survey.test", **SECRETS}
    return make_app(mailer=local_mailer(smtp), **(adapters if sms else {}), **{**settings, **overrides})


def row_counts(app) -> dict[str, int]:
    """How many rows each intake table holds: what a delivery stored is the difference."""
    from sqlalchemy import func, select

    from core.extensions import db
    from notify.models import OutboxMessage
    from survey.models import Customer, Survey, Ticket, WebhookDelivery

    models = {"customers": Customer, "tickets": Ticket, "surveys": Survey,
              "deliveries": WebhookDelivery, "outbox": OutboxMessage}  # fmt: skip
    with app.app_context():
        counts = {name: db.session.scalar(select(func.count()).select_from(m)) for name, m in models.items()}
        db.session.remove()
    return counts
