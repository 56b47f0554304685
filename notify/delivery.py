"""Delivering due outbox rows: claim a batch with a lease, then send it in small locked groups.

The lease (with an expiry) is what lets any number of workers share the queue and what hands a
killed worker's rows to the others once it runs out. The sends happen inside transactions that
lock a group of rows (FOR UPDATE SKIP LOCKED on PostgreSQL) after re-checking that this worker
still owns them, and each group is committed as "sent" right after the provider accepted its
last message. So two live workers never both send a row, however slow a send or short a lease;
only a worker killed before a group's commit causes duplicates: the messages of that one group
it had already handed over, at most `commit_every`. SQLite takes no row locks: there, run one
worker.

Why groups, not a commit per message: each commit, lock and status update costs a round trip
and more CPU than the send itself. A batch's rows, and what their kinds need to render them,
are likewise read once at the start of the batch."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core.clock import Clock
from notify.errors import DeliveryError, TransientError, backoff
from notify.kinds import Content, Kind, Registry
from notify.mail import EmailMessage, Mailer
from notify.models import CANCELLED, DEAD, SENT, OutboxMessage
from notify.outbox import claim, lock_group, record_without_waiting_for_disk, release
from notify.sms import SmsSender
from notify.webhook import Event, EventSender

log = logging.getLogger(__name__)


@dataclass
class Deliverer:
    registry: Registry
    mailer: Mailer
    sms: SmsSender | None
    max_attempts: int
    status_callback: str | None = None
    events: EventSender | None = None
    # Messages sent per commit: the most a worker killed outright can send twice.
    commit_every: int = 10
    # Sends of a group in flight at once, each over its own provider connection.
    send_threads: int = 4
    # Since the last heartbeat took them (scheduler/jobs.py adds them to the database).
    counters: dict[str, int] = field(default_factory=lambda: {"sent": 0, "retried": 0, "dead": 0})
    _pool: ThreadPoolExecutor | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.commit_every < 1:
            raise ValueError("OUTBOX_COMMIT_EVERY must be at least 1")
        if self.send_threads < 1:
            raise ValueError("OUTBOX_SEND_THREADS must be at least 1")

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

        `session` must not expire on commit: the batch's rows and prefetched objects stay valid
        across the groups' commits (each row is re-checked under its lock before sending).
        When `stop` is set (SIGTERM) the sends in flight are finished and recorded, their group
        committed and the rest released.
        """
        owner, ids = claim(session, clock.now(), limit, lease_seconds, worker)
        try:
            messages = session.scalars(
                select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
            ).all()
            _held_for_the_batch = self.registry.prefetch(session, messages)
            for start in range(0, len(messages), self.commit_every):
                if stop is not None and stop.is_set():
                    break
                self._send_group(session, messages[start : start + self.commit_every], owner, clock, stop)
        finally:
            session.rollback()
            try:
                release(session, owner, ids)
            except SQLAlchemyError:
                log.exception("could not release claim %s; its rows wait for the lease to run out", owner)
        return len(ids)

    def _send_group(
        self,
        session: Session,
        group: Sequence[OutboxMessage],
        owner: str,
        clock: Clock,
        stop: threading.Event | None,
    ) -> None:
        """Render the group's messages, send them side by side, record every outcome, commit.

        The sends overlap (`send_threads` at a time) because a worker otherwise spends most of
        its time waiting for the provider's replies; rendering and recording stay in this
        thread, the only one that uses the session.
        """
        locked = lock_group(session, [message.id for message in group], owner)
        record_without_waiting_for_disk(session)
        now = clock.now()
        ready = [
            (message, content)
            for message in group
            if message.id in locked and (content := self._render(session, message, now)) is not None
        ]
        outcomes = self._senders().map(lambda item: self._attempt(*item, stop), ready)
        sent: dict[str, list[OutboxMessage]] = {}
        for (message, _content), outcome in zip(ready, outcomes, strict=True):
            if self._record(session, message, outcome, now):
                sent.setdefault(message.kind, []).append(message)
        for name, messages in sent.items():
            on_sent = self.registry.kinds[name].on_sent
            if on_sent is not None:
                on_sent(session, messages, clock.now())
        session.commit()

    def close(self) -> None:
        """End the sending threads, then the mail connections they kept open."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        self.mailer.close_all()

    def _senders(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.send_threads, thread_name_prefix="send")
        return self._pool

    def take_counters(self) -> dict[str, int]:
        counts, self.counters = self.counters, {key: 0 for key in self.counters}
        return counts

    def _render(self, session: Session, message: OutboxMessage, now: datetime) -> Content | None:
        """What to send for a locked row; None when the row was settled here instead (no
        renderer, no longer needed, or rendering failed)."""
        kind = self.registry.kinds.get(message.kind)
        if kind is None:
            message.lease_owner = message.lease_until = None
            self._dead(message, f"no renderer for kind {message.kind}")
            return None
        try:
            content = kind.render(session, message)
        except SQLAlchemyError:
            raise
        except Exception as error:  # a bug in a renderer must not wedge the queue's head
            self._settle_attempt(message)
            if not isinstance(error, DeliveryError):
                log.exception("outbox %s failed unexpectedly", message.id)
                error = TransientError(f"unexpected {type(error).__name__}")
            self._failed(session, kind, message, error, now)
            return None
        if content is None:
            self._settle_attempt(message)
            message.status, message.last_error = CANCELLED, "no longer needed"
            log.info("outbox %s cancelled: no longer needed", message.id)
        return content

    def _attempt(
        self, message: OutboxMessage, content: Content, stop: threading.Event | None
    ) -> str | DeliveryError | None:
        """Runs in a sender thread: the provider's id, the error, or None if stopped first."""
        if stop is not None and stop.is_set():
            return None
        try:
            return self._send(message, content)
        except DeliveryError as error:
            return error
        except Exception as error:  # a bug in an adapter must not wedge the queue's head
            log.exception("outbox %s failed unexpectedly", message.id)
            return TransientError(f"unexpected {type(error).__name__}")

    def _record(
        self, session: Session, message: OutboxMessage, outcome: str | DeliveryError | None, now: datetime
    ) -> bool:
        """Write an attempt's outcome on its row; True if it went out. A message not attempted
        (the worker is stopping) is left as it was, for `release`."""
        if outcome is None:
            return False
        self._settle_attempt(message)
        if isinstance(outcome, DeliveryError):
            self._failed(session, self.registry.kinds[message.kind], message, outcome, now)
            return False
        message.provider_id = outcome
        message.status, message.sent_at, message.last_error = SENT, now, None
        self.counters["sent"] += 1
        log.info("outbox %s sent (%s %s)", message.id, message.kind, message.channel)
        return True

    @staticmethod
    def _settle_attempt(message: OutboxMessage) -> None:
        message.lease_owner = message.lease_until = None
        message.attempts += 1

    def _send(self, message: OutboxMessage, content: Content) -> str:
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
