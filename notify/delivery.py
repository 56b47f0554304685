"""Delivering due outbox rows: claim a batch with a lease, then send each row under a row lock.

The lease (with an expiry) is what lets any number of workers share the queue and what hands a
killed worker's rows to the others once it runs out. The send itself happens inside a
transaction that locks the row (FOR UPDATE SKIP LOCKED on PostgreSQL) and re-checks that this
worker still owns it, and that transaction is committed as "sent" right after the provider
accepts the message. So two live workers never both send a row, however slow a send or short a
lease; only a worker killed between "accepted" and that commit causes a duplicate, of that one
row. SQLite takes no row locks: there, run one worker.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core.clock import Clock
from notify.errors import DeliveryError, TransientError
from notify.mail import EmailMessage, Mailer
from notify.models import CANCELLED, DEAD, PENDING, SENT, OutboxMessage
from notify.outbox import claim, release
from notify.sms import SmsSender
from notify.webhook import Event, EventSender

log = logging.getLogger(__name__)

# A renderer turns a row into what to send now (EmailMessage for email, text for SMS), or None
# when the message is no longer wanted (the survey was answered, the task closed).
Renderer = Callable[[Session, OutboxMessage], "EmailMessage | Event | str | None"]
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
    """30 s doubling per failed attempt, capped at an hour, then jittered down by up to half.

    The jitter spreads the retries of a burst that failed together (a provider outage), so they
    do not all hit the provider again in the same second when it comes back.
    """
    base = min(30 * 2 ** max(attempts - 1, 0), 3600)
    return timedelta(seconds=base * (rng or random).uniform(0.5, 1.0))


@dataclass
class Deliverer:
    registry: Registry
    mailer: Mailer
    sms: SmsSender | None
    max_attempts: int
    status_callback: str | None = None
    events: EventSender | None = None
    # Since the last heartbeat took them (scheduler/jobs.py adds them to the database).
    counters: dict[str, int] = field(default_factory=lambda: {"sent": 0, "retried": 0, "dead": 0})

    def run(
        self,
        session: Session,
        clock: Clock,
        limit: int,
        lease_seconds: int,
        worker: str = "",
        stop: threading.Event | None = None,
    ) -> int:
        """Deliver one claimed batch; returns how many rows were claimed.

        When `stop` is set (SIGTERM) the message in hand is finished and the rest released.
        """
        owner, ids = claim(session, clock.now(), limit, lease_seconds, worker)
        try:
            for message_id in ids:
                if stop is not None and stop.is_set():
                    break
                message = session.scalars(
                    select(OutboxMessage)
                    .where(
                        OutboxMessage.id == message_id,
                        OutboxMessage.lease_owner == owner,
                        OutboxMessage.status == PENDING,
                    )
                    .with_for_update(skip_locked=True)
                    .execution_options(populate_existing=True)
                ).first()
                if message is not None:  # None: our lease ran out and another worker took it
                    self._deliver(session, message, clock.now())
                session.commit()
        finally:
            session.rollback()
            try:
                release(session, owner)
            except SQLAlchemyError:
                log.exception("could not release claim %s; its rows wait for the lease to run out", owner)
        return len(ids)

    def take_counters(self) -> dict[str, int]:
        counts, self.counters = self.counters, {key: 0 for key in self.counters}
        return counts

    def _deliver(self, session: Session, message: OutboxMessage, now: datetime) -> None:
        kind = self.registry.kinds.get(message.kind)
        message.lease_owner = message.lease_until = None
        if kind is None:
            self._dead(message, f"no renderer for kind {message.kind}")
            return
        message.attempts += 1
        try:
            content = kind.render(session, message)
            if content is None:
                message.status, message.last_error = CANCELLED, "no longer needed"
                log.info("outbox %s cancelled: no longer needed", message.id)
                return
            message.provider_id = self._send(message, content)
        except DeliveryError as error:
            self._failed(session, kind, message, error, now)
            return
        except SQLAlchemyError:
            raise
        except Exception as error:  # a bug in a renderer or adapter must not wedge the queue's head
            log.exception("outbox %s failed unexpectedly", message.id)
            self._failed(session, kind, message, TransientError(f"unexpected {type(error).__name__}"), now)
            return
        message.status, message.sent_at, message.last_error = SENT, now, None
        self.counters["sent"] += 1
        log.info("outbox %s sent (%s %s)", message.id, message.kind, message.channel)
        if kind.on_sent:
            kind.on_sent(session, message, now)

    def _send(self, message: OutboxMessage, content: EmailMessage | Event | str) -> str:
        if message.channel == "email":
            assert isinstance(content, EmailMessage)
            return self.mailer.send(content)
        if message.channel == "webhook":
            if self.events is None:
                raise TransientError("outbound webhook is not configured")
            assert isinstance(content, Event)
            return self.events.send(content, message.dedupe_key)
        if self.sms is None:
            raise TransientError("SMS is not configured")
        assert isinstance(content, str)
        return self.sms.send(message.recipient, content, status_callback=self.status_callback)

    def _failed(
        self, session: Session, kind: Kind, message: OutboxMessage, error: DeliveryError, now: datetime
    ):
        if error.opt_out and kind.on_opt_out:
            kind.on_opt_out(session, message, now)
        if error.permanent:
            self._dead(message, error.reason)
        elif message.attempts >= self.max_attempts:
            self._dead(message, f"{error.reason}; gave up after {message.attempts} attempts")
        else:
            message.due_at = now + backoff(message.attempts)
            message.last_error = error.reason[:300]
            self.counters["retried"] += 1
            log.warning("outbox %s retry %s: %s", message.id, message.attempts, error.reason)

    def _dead(self, message: OutboxMessage, reason: str) -> None:
        message.status, message.last_error = DEAD, reason[:300]
        self.counters["dead"] += 1
        log.error("outbox %s dead: %s", message.id, reason)
