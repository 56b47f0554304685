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

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from notify.models import CANCELLED, PENDING, OutboxMessage
from notify.outbox import cancel_pending, enqueue
from survey import tokens
from survey.channels import choose_channels
from survey.customers import contact_opted_out, upsert_customer
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


def _handle_once(session, source, delivery_id, event, settings, now) -> Outcome:
    # Claims the delivery id in one statement: a concurrent copy waits here for the first to end.
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    claim = insert(WebhookDelivery).values(
        source=source, delivery_id=delivery_id, outcome="", received_at=now
    )
    record_id = session.scalar(claim.on_conflict_do_nothing().returning(WebhookDelivery.id))
    if record_id is None:
        seen = session.scalar(
            select(WebhookDelivery.survey_id).where(
                WebhookDelivery.source == source, WebhookDelivery.delivery_id == delivery_id
            )
        )
        return Outcome("duplicate", seen, reason="delivery seen")
    if isinstance(event, Ignored):
        outcome = Outcome("ignored", reason=_clean(event.reason, 200))
    elif isinstance(event, TicketClosed):
        outcome = _closed(session, event, settings, now)
    else:
        outcome = _reopened(session, event.source, event.ticket_id)
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == record_id)
        .values(outcome=outcome.status, survey_id=outcome.survey_id, reason=_clean(outcome.reason, 40))
    )
    return outcome


def _closed(session: Session, event: TicketClosed, settings: IntakeSettings, now) -> Outcome:
    ticket = session.scalar(
        select(Ticket).where(Ticket.source == event.source, Ticket.external_id == event.ticket_id)
    )
    survey = ticket.survey if ticket is not None else None
    if survey is not None and survey.status != "cancelled":  # a cancelled one is sent if closed again
        return Outcome("duplicate", survey.id, reason="ticket surveyed")
    if not event.is_closed:
        return Outcome("skipped", reason="not_closed")
    customer = upsert_customer(session, event.source, event.customer, now)
    known = customer.id is not None  # a customer met just now has had no survey to throttle
    if ticket is None:
        ticket = Ticket(source=event.source, external_id=event.ticket_id, created_at=now)
        session.add(ticket)
    ticket.customer = customer
    ticket.subject = _clean(event.subject, 500) or ""
    ticket.status = _clean(event.status, 40) or "closed"
    ticket.agent_name = _clean(event.agent.name, 200)
    ticket.agent_email = normalize_email(event.agent.email)
    ticket.closed_at = event.closed_at or now
    session.flush()

    if contact_opted_out(session, customer):
        return Outcome("skipped", reason="opted_out")
    channels = choose_channels(customer.email, customer.phone, settings.sms_enabled, settings.channels)
    if not channels:
        return Outcome("skipped", reason="no_contact")
    recent = known and session.scalar(
        select(Survey.id).where(
            Survey.customer_id == customer.id,
            Survey.created_at > now - timedelta(days=settings.throttle_days),
            Survey.status != "cancelled",
        )
    )
    if recent:
        return Outcome("skipped", reason="throttled")
    return Outcome("scheduled", _schedule(session, ticket, survey, channels, settings, now).id)


def _schedule(session, ticket: Ticket, survey: Survey | None, channels: list[str], settings, now) -> Survey:
    """A new survey, or the one a reopen cancelled when the ticket is closed again."""
    revived = survey is not None
    if survey is None:
        nonce = tokens.new_nonce()
        secret = tokens.token_hash(tokens.token_for(settings.secret_key, nonce))
        survey = Survey(ticket=ticket, token_nonce=nonce, token_hash=secret)
        session.add(survey)
    survey.customer, survey.created_at, survey.status = ticket.customer, now, "scheduled"
    survey.channels = ",".join(channels)
    survey.send_at = now + timedelta(minutes=settings.delay_minutes)
    survey.expires_at = survey.send_at + timedelta(days=settings.expiry_days)
    session.flush()
    for channel in channels:
        key = f"survey:{survey.id}:invite:{channel}"
        recipient = ticket.customer.email if channel == "email" else ticket.customer.phone
        if revived and _revive(session, key, recipient, survey.send_at):
            continue
        enqueue(
            session,
            kind=INVITE,
            ref_id=survey.id,
            channel=channel,
            recipient=recipient,
            due_at=survey.send_at,
            dedupe_key=key,
            now=now,
        )
    return survey


def _revive(session: Session, key: str, recipient: str, due_at: datetime) -> bool:
    """Put a cancelled invitation back in line: its key is unique, so it cannot be added again."""
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.dedupe_key == key, OutboxMessage.status == CANCELLED)
        .values(status=PENDING, due_at=due_at, recipient=recipient, attempts=0, last_error=None)
    )
    return session.execute(stmt).rowcount == 1


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
