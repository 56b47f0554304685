"""Our own ticket webhook: Standard Webhooks signing and the body in the contract.

Signatures are computed with the `standardwebhooks` library's `Webhook.sign`, but its `verify`
is not used: it reads the real clock for the 5-minute tolerance, and here `now` comes from the
caller. The signature list (`v1,<base64> v1,<base64>`, space separated, so a sender can rotate
secrets) is compared entry by entry in constant time; entries of other versions are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from standardwebhooks.webhooks import EmptyWebhookSecretError, Webhook

from survey.intake.events import (
    Agent,
    CustomerInfo,
    Ignored,
    SignatureError,
    TicketClosed,
    TicketReopened,
)
from survey.intake.fields import Obj, Reader, root
from survey.intake.signatures import check_fresh, equal, header

SOURCE = "generic"
CLOSED_STATUSES = frozenset({"closed", "solved", "resolved", "done"})


def verify(headers: Mapping[str, str], body: bytes, secret: str, now: datetime) -> None:
    msg_id = header(headers, "webhook-id")
    stamp = header(headers, "webhook-timestamp")
    offered = header(headers, "webhook-signature").split()
    try:
        sent_at = datetime.fromtimestamp(int(stamp), tz=UTC)
        text = body.decode("utf-8")
    except (ValueError, OverflowError, OSError) as exc:
        raise SignatureError("malformed webhook-timestamp or body") from exc
    check_fresh(sent_at, now)
    try:
        expected = Webhook(secret).sign(msg_id=msg_id, timestamp=sent_at, data=text)
    except EmptyWebhookSecretError as exc:
        raise SignatureError("no secret configured") from exc
    if not any(equal(expected, candidate) for candidate in offered):
        raise SignatureError("signature does not match")


def delivery_id(headers: Mapping[str, str], payload: dict) -> str:
    """The sender's `webhook-id`: the spec keeps it the same across retries of one message."""
    return header(headers, "webhook-id")


def parse(payload: object) -> TicketClosed | TicketReopened | Ignored:
    body = root(payload)
    reader = Reader()
    kind = reader.text(body, "type", required=True)
    reader.check()
    if kind == "ticket.closed":
        return _closed(reader, body)
    if kind == "ticket.reopened":
        ticket = reader.obj(body, "ticket", required=True)
        ticket_id = reader.ident(ticket, "ticket.id", required=True)
        reader.check()
        return TicketReopened(source=SOURCE, ticket_id=str(ticket_id))
    return Ignored(f"event type {kind}")


def _closed(reader: Reader, body: Obj) -> TicketClosed:
    ticket = reader.obj(body, "ticket", required=True)
    ticket_id = reader.ident(ticket, "ticket.id", required=True)
    status = reader.text(ticket, "ticket.status", required=True)
    subject = reader.text(ticket, "ticket.subject")
    closed_at = reader.instant(ticket, "ticket.closed_at")
    agent = reader.obj(ticket, "ticket.agent")
    agent_name = reader.text(agent, "ticket.agent.name")
    agent_email = reader.text(agent, "ticket.agent.email")
    customer = reader.obj(body, "customer", required=True)
    customer_id = reader.ident(customer, "customer.id")
    email = reader.text(customer, "customer.email")
    named = {"customer.id", "customer.email"} & reader.errors.keys()
    if customer is not None and customer_id is None and email is None and not named:
        reader.fail("customer.id", "is required when customer.email is absent")
    info = CustomerInfo(
        external_id=customer_id,
        name=reader.text(customer, "customer.name"),
        email=email,
        phone=reader.text(customer, "customer.phone"),
        timezone=reader.text(customer, "customer.timezone"),
        language=reader.text(customer, "customer.language"),
    )
    reader.check()
    return TicketClosed(
        source=SOURCE,
        ticket_id=str(ticket_id),
        subject=subject or "",
        status=str(status),
        closed_at=closed_at,
        customer=info,
        agent=Agent(name=agent_name, email=agent_email),
        is_closed=str(status).lower() in CLOSED_STATUSES,
    )
