"""What a closed or reopened ticket does: the rules every ticket system's webhook shares.

The delivery id is written first, so a retried delivery is answered from the record. The
database's unique keys (delivery id, ticket, survey per ticket) decide races between
concurrent copies: the loser's transaction fails, is rolled back and re-run, and then finds
the winner's rows and answers "duplicate".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from notify.outbox import cancel_pending, enqueue
from survey import tokens
from survey.customers import upsert_customer
from survey.intake.events import Ignored, TicketClosed, TicketEvent
from survey.models import Survey, Ticket, WebhookDelivery

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IntakeSettings:
    secret_key: str
    delay_minutes: float
    throttle_days: float
    expiry_days: float
    sms_enabled: bool


@dataclass(frozen=True)
class Outcome:
    status: str  # scheduled|duplicate|skipped|cancelled|ignored
    survey_id: int | None = None
    reason: str | None = None

    @property
    def http_status(self) -> int:
        return 202 if self.status == "scheduled" else 200

    def body(self) -> dict:
        body: dict = {"status": self.status}
        if self.survey_id is not None:
            body["survey_id"] = self.survey_id
        if self.reason is not None:
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
    for attempt in range(3):
        try:
            outcome = _handle_once(session, source, delivery_id, event, settings, now)
            session.commit()
            break
        except IntegrityError:
            session.rollback()
            if attempt == 2:
                raise
    log.info(
        "webhook %s delivery=%s %s%s",
        source,
        delivery_id,
        outcome.status,
        f" ({outcome.reason})" if outcome.reason else "",
    )
    return outcome


def _handle_once(session, source, delivery_id, event, settings, now) -> Outcome:
    seen = session.scalar(
        select(WebhookDelivery).where(
            WebhookDelivery.source == source, WebhookDelivery.delivery_id == delivery_id
        )
    )
    if seen is not None:
        return Outcome("duplicate", seen.survey_id)
    record = WebhookDelivery(source=source, delivery_id=delivery_id, outcome="", received_at=now)
    session.add(record)
    session.flush()  # claims the delivery id now: a concurrent copy blocks or fails here
    if isinstance(event, Ignored):
        outcome = Outcome("ignored", reason=event.reason)
    elif isinstance(event, TicketClosed):
        outcome = _closed(session, event, settings, now)
    else:
        outcome = _reopened(session, event.source, event.ticket_id)
    record.outcome, record.reason, record.survey_id = outcome.status, outcome.reason, outcome.survey_id
    return outcome


def _closed(session: Session, event: TicketClosed, settings: IntakeSettings, now) -> Outcome:
    ticket = session.scalar(
        select(Ticket).where(Ticket.source == event.source, Ticket.external_id == event.ticket_id)
    )
    if ticket is not None and ticket.survey is not None:
        return Outcome("duplicate", ticket.survey.id)
    if not event.is_closed:
        return Outcome("skipped", reason="not_closed")
    customer = upsert_customer(session, event.source, event.customer, now)
    if ticket is None:
        ticket = Ticket(source=event.source, external_id=event.ticket_id, created_at=now)
        session.add(ticket)
    ticket.customer = customer
    ticket.subject = event.subject[:500]
    ticket.status = event.status[:40]
    ticket.agent_name, ticket.agent_email = event.agent.name, event.agent.email
    ticket.closed_at = event.closed_at or now
    session.flush()

    if customer.opted_out_at is not None:
        return Outcome("skipped", reason="opted_out")
    channels = [c for c, ok in (("email", customer.email), ("sms", customer.phone and settings.sms_enabled)) if ok]
    if not channels:
        return Outcome("skipped", reason="no_contact")
    since = now - timedelta(days=settings.throttle_days)
    recent = session.scalar(
        select(Survey.id).where(
            Survey.customer_id == customer.id,
            Survey.created_at > since,
            Survey.status != "cancelled",
        )
    )
    if recent is not None:
        return Outcome("skipped", reason="throttled")
    return Outcome("scheduled", _schedule(session, ticket, channels, settings, now).id)


def _schedule(session, ticket: Ticket, channels: list[str], settings: IntakeSettings, now) -> Survey:
    nonce = tokens.new_nonce()
    send_at = now + timedelta(minutes=settings.delay_minutes)
    survey = Survey(
        ticket=ticket,
        customer=ticket.customer,
        token_nonce=nonce,
        token_hash=tokens.token_hash(tokens.token_for(settings.secret_key, nonce)),
        status="scheduled",
        channels=",".join(channels),
        send_at=send_at,
        expires_at=send_at + timedelta(days=settings.expiry_days),
        created_at=now,
    )
    session.add(survey)
    session.flush()
    for channel in channels:
        recipient = ticket.customer.email if channel == "email" else ticket.customer.phone
        enqueue(
            session,
            kind="survey_invite",
            ref_id=survey.id,
            channel=channel,
            recipient=recipient,
            due_at=send_at,
            dedupe_key=f"survey:{survey.id}:invite:{channel}",
            now=now,
        )
    return survey


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
