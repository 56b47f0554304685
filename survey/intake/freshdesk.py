"""Freshdesk automation-rule webhooks, authenticated by a shared token header.

Freshdesk cannot sign a webhook, but a rule's "Trigger webhook" action can send custom headers.
We define one, `X-Freshdesk-Webhook-Token: <FRESHDESK_WEBHOOK_TOKEN>`, and compare it in constant
time. Without a signature nothing binds the token to the body or to a time, so the endpoint
relies on HTTPS and on the derived idempotency key to make a replay harmless.

The rule ("Ticket is updated", "Status is changed to Resolved") sends Freshdesk's simple JSON
content, keys under `freshdesk_webhook`:

    {"freshdesk_webhook": {"ticket_id": "{{ticket.id}}", "ticket_subject": "{{ticket.subject}}",
        "ticket_status": "{{ticket.status}}", "triggered_event": "{{triggered_event}}",
        "ticket_contact_name": "{{ticket.requester.name}}",
        "ticket_contact_email": "{{ticket.requester.email}}",
        "ticket_contact_phone": "{{ticket.requester.phone}}",
        "ticket_agent_name": "{{ticket.agent.name}}",
        "ticket_agent_email": "{{ticket.agent.email}}",
        "ticket_updated_at": "{{ticket.updated_at}}"}}

A reopen is told by `triggered_event`, which Freshdesk renders as `{status:{from:4,to:2}}`
(status codes: 2 open, 3 pending, 4 resolved, 5 closed), so the same body serves a second rule
"Status is changed from Resolved". `ticket_updated_at` keeps a re-resolved ticket's delivery
distinct from its first one; its date format is the account's own, so it is used as the close
time only when it reads as ISO 8601 and is never a reason to refuse the body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from survey.intake.events import (
    Agent,
    CustomerInfo,
    Ignored,
    SignatureError,
    TicketClosed,
    TicketReopened,
)
from survey.intake.fields import Reader, derived_delivery_id, dig, parse_datetime, root
from survey.intake.signatures import equal, header

SOURCE = "freshdesk"
AUTH_HEADER = "X-Freshdesk-Webhook-Token"
DONE = frozenset({"resolved", "closed"})
STATUS_CODES = {"2": "open", "3": "pending", "4": "resolved", "5": "closed"}
STATUS_CHANGE = re.compile(r"\{\s*status\s*:\s*\{\s*from\s*:\s*([^,}]*),\s*to\s*:", re.IGNORECASE)
PREFIX = "freshdesk_webhook."


def verify(headers: Mapping[str, str], body: bytes, secret: str, now: datetime) -> None:
    """Only the token is checked: Freshdesk sends nothing that covers the body or a time."""
    given = header(headers, AUTH_HEADER)
    if not secret or not equal(secret, given):
        raise SignatureError("token does not match")


def delivery_id(headers: Mapping[str, str], payload: dict) -> str:
    """Freshdesk sends no delivery id; a ticket reaches one status at one update time once."""
    hook = dig(payload, "freshdesk_webhook")
    parts = [dig(hook, "ticket_id"), dig(hook, "ticket_status"), dig(hook, "triggered_event")]
    return derived_delivery_id(SOURCE, *parts, dig(hook, "ticket_updated_at"))


def parse(payload: object) -> TicketClosed | TicketReopened | Ignored:
    reader = Reader()
    hook = reader.obj(root(payload), "freshdesk_webhook", required=True)
    ticket_id = str(reader.ident(hook, PREFIX + "ticket_id", required=True))
    status = str(reader.text(hook, PREFIX + "ticket_status", required=True))
    previous = _previous_status(reader.text(hook, PREFIX + "triggered_event"))
    if status.lower() not in DONE and previous in DONE:
        reader.check()
        return TicketReopened(source=SOURCE, ticket_id=ticket_id)
    updated_at = reader.text(hook, PREFIX + "ticket_updated_at")
    customer = CustomerInfo(
        external_id=None,
        name=reader.text(hook, PREFIX + "ticket_contact_name"),
        email=reader.text(hook, PREFIX + "ticket_contact_email"),
        phone=reader.text(hook, PREFIX + "ticket_contact_phone"),
    )
    agent = Agent(
        name=reader.text(hook, PREFIX + "ticket_agent_name"),
        email=reader.text(hook, PREFIX + "ticket_agent_email"),
    )
    subject = reader.text(hook, PREFIX + "ticket_subject")
    reader.check()
    return TicketClosed(
        source=SOURCE,
        ticket_id=ticket_id,
        subject=subject or "",
        status=status,
        closed_at=_iso_or_none(updated_at),
        customer=customer,
        agent=agent,
        is_closed=status.lower() in DONE,
    )


def _previous_status(triggered_event: str | None) -> str:
    """The status a `{status:{from:X,to:Y}}` event left, lower-cased; "" for any other event."""
    match = STATUS_CHANGE.search(triggered_event or "")
    if match is None:
        return ""
    before = match.group(1).strip().lower()
    return STATUS_CODES.get(before, before)


def _iso_or_none(text: str | None) -> datetime | None:
    try:
        return parse_datetime(text) if text else None
    except ValueError:
        return None
