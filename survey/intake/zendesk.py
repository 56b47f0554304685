"""Zendesk webhooks: signed with X-Zendesk-Webhook-Signature, in either of Zendesk's two shapes.

Signature: base64(HMAC-SHA256(signing secret, X-Zendesk-Webhook-Signature-Timestamp + raw body)),
the timestamp an ISO 8601 instant that must be within 5 minutes of now.

Shape 1, a webhook connected to a trigger (recommended: it carries the requester's contact).
Zendesk sends whatever JSON the trigger's body holds; we expect this one, from a trigger with the
condition "Status | Changed to | Solved":

    {"ticket": {"id": "{{ticket.id}}", "title": "{{ticket.title}}",
                "status": "{{ticket.status}}",
                "updated_at": "{{ticket.updated_at_with_timestamp}}",
                "requester": {"id": "{{ticket.requester.id}}",
                              "name": "{{ticket.requester.name}}",
                              "email": "{{ticket.requester.email}}",
                              "phone": "{{ticket.requester.phone}}",
                              "language": "{{ticket.requester.language}}"},
                "assignee": {"name": "{{ticket.assignee.name}}",
                             "email": "{{ticket.assignee.email}}"}}}

`subject` is accepted for `title`, `timezone`/`time_zone` and `locale`/`language` on the
requester. No placeholder gives the previous status, so reopening needs a second trigger,
"Status | Changed from | Solved", whose body adds the literal `"previous_status": "solved"`.

Shape 2, a webhook subscribed to the event `zen:event-type:ticket.status_changed`:
`{"type", "id", "time", "detail": {"id", "subject", "requester_id", ...},
"event": {"previous": "OPEN", "current": "SOLVED"}}`. The event names the requester only by id,
so without a trigger body the survey has no address to go to and is skipped as no_contact.
"""

from __future__ import annotations

import base64
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
from survey.intake.fields import Obj, Reader, derived_delivery_id, dig, parse_datetime, root
from survey.intake.signatures import (
    check_fresh,
    header,
    hmac_sha256,
    optional_header,
    require_equal,
)

SOURCE = "zendesk"
DONE = frozenset({"solved", "closed"})
EVENT_PREFIX = "zen:event-type:"
STATUS_CHANGED = "zen:event-type:ticket.status_changed"


def verify(headers: Mapping[str, str], body: bytes, secret: str, now: datetime) -> None:
    signature = header(headers, "X-Zendesk-Webhook-Signature")
    stamp = header(headers, "X-Zendesk-Webhook-Signature-Timestamp")
    try:
        sent_at = parse_datetime(stamp)
    except ValueError as exc:
        raise SignatureError("malformed signature timestamp") from exc
    check_fresh(sent_at, now)
    require_equal(base64.b64encode(hmac_sha256(secret, stamp.encode() + body)), signature)


def delivery_id(headers: Mapping[str, str], payload: dict) -> str:
    """Zendesk keeps the invocation id across retries; without it, derive one from the content."""
    invocation = optional_header(headers, "X-Zendesk-Webhook-Invocation-Id")
    if invocation:
        return invocation
    if _is_event(payload):
        parts = [dig(payload, "id"), dig(payload, "type"), dig(payload, "detail", "id")]
        return derived_delivery_id(SOURCE, *parts, dig(payload, "time"))
    ticket = dig(payload, "ticket")
    parts = [dig(ticket, "id"), dig(ticket, "status"), dig(ticket, "previous_status")]
    return derived_delivery_id(SOURCE, *parts, dig(ticket, "updated_at"))


def parse(payload: object) -> TicketClosed | TicketReopened | Ignored:
    body = root(payload)
    return _event(body) if _is_event(body) else _trigger(body)


def _is_event(payload: object) -> bool:
    kind = dig(payload, "type")
    return isinstance(kind, str) and kind.startswith(EVENT_PREFIX)


def _event(body: Obj) -> TicketClosed | TicketReopened | Ignored:
    if body["type"] != STATUS_CHANGED:
        return Ignored(f"event type {body['type']}")
    reader = Reader()
    detail = reader.obj(body, "detail", required=True)
    ticket_id = str(reader.ident(detail, "detail.id", required=True))
    event = reader.obj(body, "event", required=True)
    current = str(reader.text(event, "event.current", required=True))
    previous = reader.text(event, "event.previous") or ""
    subject = reader.text(detail, "detail.subject") or ""
    requester_id = reader.ident(detail, "detail.requester_id")
    occurred = reader.instant(body, "time")
    reader.check()
    if current.lower() in DONE:
        customer = CustomerInfo(external_id=requester_id)
        return TicketClosed(SOURCE, ticket_id, subject, current, occurred, customer)
    if previous.lower() in DONE:
        return TicketReopened(source=SOURCE, ticket_id=ticket_id)
    return Ignored(f"status changed to {current}")


def _trigger(body: Obj) -> TicketClosed | TicketReopened:
    reader = Reader()
    ticket = reader.obj(body, "ticket", required=True)
    ticket_id = str(reader.ident(ticket, "ticket.id", required=True))
    status = str(reader.text(ticket, "ticket.status", required=True))
    previous = reader.text(ticket, "ticket.previous_status") or ""
    if status.lower() not in DONE and previous.lower() in DONE:
        reader.check()
        return TicketReopened(source=SOURCE, ticket_id=ticket_id)
    title = reader.text(ticket, "ticket.title")
    subject = reader.text(ticket, "ticket.subject")
    updated_at = reader.instant(ticket, "ticket.updated_at")
    requester = reader.obj(ticket, "ticket.requester")
    customer = CustomerInfo(
        external_id=reader.ident(requester, "ticket.requester.id"),
        name=reader.text(requester, "ticket.requester.name"),
        email=reader.text(requester, "ticket.requester.email"),
        phone=reader.text(requester, "ticket.requester.phone"),
        timezone=reader.text(requester, "ticket.requester.timezone")
        or reader.text(requester, "ticket.requester.time_zone"),
        language=reader.text(requester, "ticket.requester.language")
        or reader.text(requester, "ticket.requester.locale"),
    )
    assignee = reader.obj(ticket, "ticket.assignee")
    agent = Agent(
        name=reader.text(assignee, "ticket.assignee.name"),
        email=reader.text(assignee, "ticket.assignee.email"),
    )
    reader.check()
    return TicketClosed(
        source=SOURCE,
        ticket_id=ticket_id,
        subject=title or subject or "",
        status=status,
        closed_at=updated_at,
        customer=customer,
        agent=agent,
        is_closed=status.lower() in DONE,
    )
