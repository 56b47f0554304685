"""Delivering due outbox rows: claim a batch, render each, send it, record what happened.

Claims are leases: a worker that dies holding some is replaced when the lease runs out. On
PostgreSQL the claim skips rows another worker has locked (FOR UPDATE SKIP LOCKED); everywhere,
the UPDATE re-checks the lease, so two workers never both own a row.

Worst case, a worker killed between the provider accepting a message and the commit that
marks it sent causes that one message to be sent again by the next owner: at most one
duplicate per killed worker, because each message is committed as sent right after it goes out.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from notify.errors import DeliveryError
from notify.mail import EmailMessage, Mailer
from notify.models import CANCELLED, DEAD, PENDING, SENT, OutboxMessage
from notify.sms import SmsSender

log = logging.getLogger(__name__)

# A renderer turns a row into what to send now (EmailMessage for email, text for SMS), or None
# when the message is no longer wanted (the survey was answered, the task closed).
Renderer = Callable[[Session, OutboxMessage], "EmailMessage | str | None"]
Hook = Callable[[Session, OutboxMessage, datetime], None]


@dataclass
class Kind:
    render: Renderer
    on_sent: Hook | None = None
    on_opt_out: Hook | None = None


@dataclass
class Registry:
    kinds: dict[str, Kind] = field(default_factory=dict)

    def add(self, name: str, kind: Kind) -> None:
        self.kinds[name] = kind


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Exponential backoff with jitter: ~30 s, 1 min, 2 min ... capped at an hour."""
    base = min(30 * 2 ** max(attempts - 1, 0), 3600)
    return timedelta(seconds=base * (rng or random).uniform(0.5, 1.0))


def claim(session: Session, now: datetime, limit: int, lease_seconds: int) -> tuple[str, list[int]]:
    owner = uuid.uuid4().hex
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == PENDING,
            OutboxMessage.due_at <= now,
            or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now),
        )
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = session.scalars(due).all()
    if ids:
        session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(ids),
                or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now),
            )
            .values(lease_owner=owner, lease_until=now + timedelta(seconds=lease_seconds))
        )
    session.commit()
    owned = session.scalars(
        select(OutboxMessage.id).where(OutboxMessage.lease_owner == owner).order_by(OutboxMessage.id)
    ).all()
    return owner, list(owned)


@dataclass
class Deliverer:
    registry: Registry
    mailer: Mailer
    sms: SmsSender | None
    max_attempts: int
    status_callback: str | None = None
    counters: dict[str, int] = field(default_factory=lambda: {"sent": 0, "retried": 0, "dead": 0})

    def run(self, session: Session, now: datetime, limit: int, lease_seconds: int) -> int:
        owner, ids = claim(session, now, limit, lease_seconds)
        for message_id in ids:
            message = session.get(OutboxMessage, message_id)
            if message is None or message.lease_owner != owner or message.status != PENDING:
                continue
            self._deliver(session, message, now)
            session.commit()
        return len(ids)

    def _deliver(self, session: Session, message: OutboxMessage, now: datetime) -> None:
        kind = self.registry.kinds.get(message.kind)
        message.lease_owner = message.lease_until = None
        if kind is None:
            self._dead(message, f"no renderer for kind {message.kind}")
            return
        content = kind.render(session, message)
        if content is None:
            message.status = CANCELLED
            message.last_error = "no longer needed"
            log.info("outbox %s cancelled: no longer needed", message.id)
            return
        message.attempts += 1
        try:
            message.provider_id = self._send(message, content)
        except DeliveryError as error:
            self._failed(session, kind, message, error, now)
            return
        message.status, message.sent_at, message.last_error = SENT, now, None
        self.counters["sent"] += 1
        log.info("outbox %s sent (%s %s)", message.id, message.kind, message.channel)
        if kind.on_sent:
            kind.on_sent(session, message, now)

    def _send(self, message: OutboxMessage, content: EmailMessage | str) -> str:
        if message.channel == "email":
            assert isinstance(content, EmailMessage)
            return self.mailer.send(content)
        if self.sms is None:
            raise DeliveryError("SMS is not configured", permanent=False)
        assert isinstance(content, str)
        return self.sms.send(message.recipient, content, status_callback=self.status_callback)

    def _failed(self, session, kind: Kind, message: OutboxMessage, error: DeliveryError, now):
        if getattr(error, "opt_out", False) and kind.on_opt_out:
            kind.on_opt_out(session, message, now)
        if error.permanent or message.attempts >= self.max_attempts:
            self._dead(message, error.reason)
            return
        message.due_at = now + backoff(message.attempts)
        message.last_error = error.reason
        self.counters["retried"] += 1
        log.warning("outbox %s retry %s: %s", message.id, message.attempts, error.reason)

    def _dead(self, message: OutboxMessage, reason: str) -> None:
        message.status, message.last_error = DEAD, reason[:300]
        self.counters["dead"] += 1
        log.error("outbox %s dead: %s", message.id, reason)
