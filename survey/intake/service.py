"""What a closed or reopened ticket does: the rules every ticket system's webhook shares.

The delivery id is written first, so a retried delivery is answered from the record. The
database's unique keys (delivery id, ticket, survey per ticket) decide races between
concurrent copies: the loser's transaction fails, is rolled back and re-run, and then finds
the winner's rows and answers "duplicate". Everything one delivery writes (delivery record,
customer, ticket with its agent, survey, outbox rows) is committed in one transaction.

What each answer leaves behind, and nothing more:
  scheduled  the delivery, the customer, the ticket, the survey, one outbox row per channel
  skipped    throttled, opted_out, no_contact: the delivery, the customer and the ticket
             (the customer file stays current); not_closed: the delivery only
  cancelled  the delivery; the survey and its unsent outbox rows marked cancelled
  duplicate, ignored  the delivery only (a repeated delivery id: nothing at all)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from notify.outbox import cancel_pending, enqueue, revive
from survey import tokens
from survey.channels import choose_channels
from survey.customers import CustomerFile, held_back, upsert_customer
from survey.intake.contact import normalize_email
from survey.intake.events import Ignored, TicketClosed, TicketEvent
from survey.models import Survey, Ticket, WebhookDelivery

INVITE = "survey_invite"


@dataclass(frozen=True)
class IntakeSettings:
    secret_key: str
    delay_minutes: float
    throttle_days: float
    expiry_days: float
    sms_enabled: bool
    channels: str = "both"  # SURVEY_CHANNELS, see survey/channels.py


@dataclass(frozen=True)
class Outcome:
    status: str  # scheduled|duplicate|skipped|cancelled|ignored
    survey_id: int | None = None
    reason: str | None = None  # for the log and the delivery record; shown when skipped or ignored

    @property
    def http_status(self) -> int:
        return 202 if self.status == "scheduled" else 200

    def body(self) -> dict:
        body: dict = {"status": self.status}
        if self.survey_id is not None:
            body["survey_id"] = self.survey_id
        if self.reason is not None and self.status in ("skipped", "ignored"):
            body["reason"] = self.reason
        return body


def handle(
    session: Session,
    *,
    source: str,
    delivery_id: str,
    event: TicketEvent,
    settings: IntakeSettings,
    now: datetime,
) -> Outcome:
    """Apply the rules and commit; a lost race is re-run once the winner's rows are visible."""
    for attempt in range(3):
        try:
            outcome = _handle_once(session, source, delivery_id, event, settings, now)
            session.commit()
            return outcome
        except IntegrityError:
            session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


# Prebuilt Core statements, for the same reason as in survey/customers.py: on the path every
# delivery takes, building statements and flushing ORM objects cost more than the round trips.
_deliveries, _tickets, _surveys = WebhookDelivery.__table__, Ticket.__table__, Survey.__table__
_SEEN = select(_deliveries.c.survey_id).where(
    _deliveries.c.source == bindparam("source"), _deliveries.c.delivery_id == bindparam("delivery_id")
)
_RECORD = update(_deliveries).where(_deliveries.c.id == bindparam("record_id"))
_TICKET = (
    select(_tickets.c.id, _surveys.c.id.label("survey_id"), _surveys.c.status.label("survey_status"))
    .outerjoin(_surveys, _surveys.c.ticket_id == _tickets.c.id)
    .where(_tickets.c.source == bindparam("source"), _tickets.c.external_id == bindparam("external_id"))
)
_NEW_TICKET = insert(_tickets).returning(_tickets.c.id)
_UPDATE_TICKET = update(_tickets).where(_tickets.c.id == bindparam("row_id"))
_NEW_SURVEY = insert(_surveys).returning(_surveys.c.id)
_UPDATE_SURVEY = update(_surveys).where(_surveys.c.id == bindparam("row_id"))


@cache
def _claim(dialect: str):
    """Claims the delivery id in one statement: a concurrent copy waits here for the first to end."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(_deliveries).on_conflict_do_nothing().returning(_deliveries.c.id)


def _handle_once(session: Session, source, delivery_id, event, settings, now) -> Outcome:
    conn = session.connection()
    ids = {"source": source, "delivery_id": delivery_id}
    record_id = conn.execute(
        _claim(conn.dialect.name), {**ids, "outcome": "", "received_at": now}
    ).scalar_one_or_none()
    if record_id is None:
        return Outcome("duplicate", conn.execute(_SEEN, ids).scalar_one_or_none(), reason="delivery seen")
    if isinstance(event, Ignored):
        outcome = Outcome("ignored", reason=_clean(event.reason, 200))
    elif isinstance(event, TicketClosed):
        outcome = _closed(session, event, settings, now)
    else:
        outcome = _reopened(session, event.source, event.ticket_id)
    conn.execute(
        _RECORD,
        {
            "record_id": record_id,
            "outcome": outcome.status,
            "survey_id": outcome.survey_id,
            "reason": _clean(outcome.reason, 40),
        },
    )
    return outcome


def _closed(session: Session, event: TicketClosed, settings: IntakeSettings, now) -> Outcome:
    conn = session.connection()
    ticket = conn.execute(_TICKET, {"source": event.source, "external_id": event.ticket_id}).first()
    surveyed = ticket is not None and ticket.survey_id is not None
    if surveyed and ticket.survey_status != "cancelled":  # a cancelled one is sent if closed again
        return Outcome("duplicate", ticket.survey_id, reason="ticket surveyed")
    if not event.is_closed:
        return Outcome("skipped", reason="not_closed")
    customer = upsert_customer(session, event.source, event.customer, now)
    values = {
        "customer_id": customer.id,
        "subject": _clean(event.subject, 500) or "",
        "status": _clean(event.status, 40) or "closed",
        "agent_name": _clean(event.agent.name, 200),
        "agent_email": normalize_email(event.agent.email),
        "closed_at": event.closed_at or now,
    }
    if ticket is None:
        new = {"source": event.source, "external_id": event.ticket_id, "created_at": now}
        ticket_id = conn.execute(_NEW_TICKET, {**values, **new}).scalar_one()
    else:
        ticket_id = ticket.id
        conn.execute(_UPDATE_TICKET, {**values, "row_id": ticket_id})

    opted_out, recent = held_back(session, customer, now - timedelta(days=settings.throttle_days))
    if opted_out:
        return Outcome("skipped", reason="opted_out")
    channels = choose_channels(customer.email, customer.phone, settings.sms_enabled, settings.channels)
    if not channels:
        return Outcome("skipped", reason="no_contact")
    if recent:
        return Outcome("skipped", reason="throttled")
    revived_id = ticket.survey_id if surveyed else None
    survey_id = _schedule(session, ticket_id, revived_id, customer, channels, settings, now)
    return Outcome("scheduled", survey_id)


def _schedule(
    session: Session, ticket_id: int, revived_id: int | None, customer: CustomerFile, channels, settings, now
) -> int:
    """A new survey, or the one a reopen cancelled when the ticket is closed again."""
    conn = session.connection()
    send_at = now + timedelta(minutes=settings.delay_minutes)
    values = {
        "customer_id": customer.id,
        "created_at": now,
        "status": "scheduled",
        "channels": ",".join(channels),
        "send_at": send_at,
        "expires_at": send_at + timedelta(days=settings.expiry_days),
    }
    if revived_id is None:
        nonce = tokens.new_nonce()
        secret = tokens.token_hash(tokens.token_for(settings.secret_key, nonce))
        new = {"ticket_id": ticket_id, "token_nonce": nonce, "token_hash": secret}
        survey_id = conn.execute(_NEW_SURVEY, {**values, **new}).scalar_one()
    else:
        survey_id = revived_id
        conn.execute(_UPDATE_SURVEY, {**values, "row_id": survey_id})
    for channel in channels:
        key = f"survey:{survey_id}:invite:{channel}"
        recipient = customer.email if channel == "email" else customer.phone
        if revived_id is not None and revive(session, key, recipient, send_at):
            continue
        enqueue(
            session,
            kind=INVITE,
            ref_id=survey_id,
            channel=channel,
            recipient=recipient,
            due_at=send_at,
            dedupe_key=key,
            now=now,
        )
    return survey_id


def _clean(text: str | None, limit: int) -> str | None:
    """Ticket text as stored: PostgreSQL refuses NUL in text, and columns have a width."""
    return (text or "").replace("\x00", "")[:limit] or None


def _reopened(session: Session, source: str, ticket_id: str) -> Outcome:
    survey = session.scalar(
        select(Survey)
        .join(Ticket)
        .where(Ticket.source == source, Ticket.external_id == ticket_id, Survey.status == "scheduled")
    )
    if survey is None:
        return Outcome("ignored", reason="no pending survey")
    survey.status = "cancelled"
    cancel_pending(session, "survey_", survey.id, "ticket reopened")
    return Outcome("cancelled", survey.id)
