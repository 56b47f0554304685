"""Putting promises in the outbox, and the operator's view of it (list, retry, cancel)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from notify.models import CANCELLED, DEAD, PENDING, OutboxMessage


def enqueue(
    session: Session,
    *,
    kind: str,
    ref_id: int,
    channel: str,
    recipient: str,
    due_at: datetime,
    dedupe_key: str,
    now: datetime,
) -> bool:
    """Add a message unless one with the same key exists; True if this call added it.

    Uses the database's own "insert or do nothing", so two workers deciding the same reminder at
    the same moment still leave exactly one row.
    """
    values = dict(
        kind=kind,
        ref_id=ref_id,
        channel=channel,
        recipient=recipient,
        due_at=due_at,
        dedupe_key=dedupe_key,
        status=PENDING,
        attempts=0,
        created_at=now,
    )
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(OutboxMessage).values(**values).on_conflict_do_nothing(
        index_elements=["dedupe_key"]
    )
    return session.execute(stmt).rowcount == 1


def cancel_pending(session: Session, kind_prefix: str, ref_id: int, reason: str) -> int:
    """Cancel what has not gone out yet, e.g. a survey whose ticket was reopened."""
    stmt = (
        update(OutboxMessage)
        .where(
            OutboxMessage.kind.startswith(kind_prefix),
            OutboxMessage.ref_id == ref_id,
            OutboxMessage.status == PENDING,
        )
        .values(status=CANCELLED, last_error=reason)
    )
    return session.execute(stmt).rowcount


def list_messages(session: Session, status: str | None = None, limit: int = 100):
    stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(OutboxMessage.status == status)
    return session.scalars(stmt).all()


def retry(session: Session, message_id: int, now: datetime) -> OutboxMessage:
    """Put a dead (or cancelled) message back in line, as an operator asked."""
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise LookupError(f"no outbox message {message_id}")
    if message.status not in (DEAD, CANCELLED):
        raise ValueError(f"message {message_id} is {message.status}, not dead")
    message.status = PENDING
    message.due_at = now
    message.attempts = 0
    message.lease_owner = None
    message.lease_until = None
    return message
