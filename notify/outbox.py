"""The outbox's rows: queueing a promise, leasing due rows to a worker, and the operator's view.

Everything here changes row state only; sending is notify/delivery.py. A lease is an owner id
and an expiry on the row itself, so it lives in the database and outlives the worker holding it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from notify.models import CANCELLED, DEAD, PENDING, SENT, OutboxMessage

_outbox = OutboxMessage.__table__  # for the Core statements of the hot paths


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
    conn = session.connection()
    return conn.execute(_insert_new(conn.dialect.name), values).rowcount == 1


@cache
def _insert_new(dialect: str):
    """Built once per dialect: enqueue runs on every intake and every reminder."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(_outbox).on_conflict_do_nothing(index_elements=["dedupe_key"])


def _unleased(now: datetime):
    return or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now)


def claim(
    session: Session, now: datetime, limit: int, lease_seconds: int, worker: str = ""
) -> tuple[str, list[int]]:
    """Lease up to `limit` due rows to a fresh owner id, prefixed with the worker's name.

    On PostgreSQL the SELECT skips rows another worker is claiming or sending (SKIP LOCKED), so
    workers never wait on each other; the UPDATE re-checks the lease for databases without row
    locks. The name in the owner id tells an operator which worker holds a row.
    """
    owner = f"{worker[:60]}/{uuid.uuid4().hex[:16]}"
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == PENDING, OutboxMessage.due_at <= now, _unleased(now))
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = session.scalars(due).all()
    owned: list[int] = []
    if ids:
        owned = list(
            session.scalars(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), _unleased(now))
                .values(lease_owner=owner, lease_until=now + timedelta(seconds=lease_seconds))
                .returning(OutboxMessage.id)
                .execution_options(synchronize_session=False)
            )
        )
    session.commit()
    return owner, sorted(owned)


def lock_group(session: Session, ids: list[int], owner: str) -> set[int]:
    """Lock the rows still ours and unsent; a row missing from the answer was taken by
    another worker after our lease ran out, or cancelled meanwhile. Fields other than the
    lease and status change only under the lease, so rows read at the batch's start are
    still current."""
    locked = session.scalars(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.id.in_(ids),
            OutboxMessage.lease_owner == owner,
            OutboxMessage.status == PENDING,
        )
        .with_for_update(skip_locked=True)
    )
    return set(locked)


def record_without_waiting_for_disk(session: Session) -> None:
    """Let PostgreSQL acknowledge the current transaction's commit before its disk flush.

    Meant for the transaction that records a group's outcomes: the flush took longer than
    rendering and sending the messages. If the database server itself crashes in the fraction
    of a second before the flush, the rows are pending again and the messages go a second time:
    duplicates, like a worker killed after the send, never a loss. The queued message itself
    (written at intake) stays fully durable.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit = off"))


def release(session: Session, owner: str, ids: Sequence[int]) -> int:
    """Hand back claimed rows not yet sent, so another worker takes them now, not after the lease.

    By id as well as owner, so the statement finds them by primary key however long the outbox.
    """
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.lease_owner == owner, OutboxMessage.status == PENDING)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount


_CANCEL = (
    update(_outbox)
    .where(
        _outbox.c.kind.startswith(bindparam("kind_prefix")),
        _outbox.c.ref_id == bindparam("for_ref"),
        _outbox.c.status == PENDING,
    )
    .values(status=CANCELLED, last_error=bindparam("reason"))
)


def cancel_pending(session: Session, kind_prefix: str, ref_id: int, reason: str) -> int:
    """Cancel what has not gone out yet, e.g. a survey whose ticket was reopened.

    A Core statement: the ORM's version first matched the criteria against every object in
    the session, which cost more than the update itself on the answer's path. Callers hold no
    loaded outbox rows that it would leave stale."""
    params = {"kind_prefix": kind_prefix, "for_ref": ref_id, "reason": reason}
    return session.connection().execute(_CANCEL, params).rowcount


def revive(session: Session, dedupe_key: str, recipient: str, due_at: datetime) -> bool:
    """Put a cancelled message back in line (its key is unique, so it cannot be added again);
    True if there was one to revive."""
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.dedupe_key == dedupe_key, OutboxMessage.status == CANCELLED)
        .values(status=PENDING, due_at=due_at, recipient=recipient, attempts=0, last_error=None)
    )
    return session.execute(stmt).rowcount == 1


def list_messages(
    session: Session, status: str | Sequence[str] | None = None, limit: int = 100
) -> Sequence[OutboxMessage]:
    """Newest first; dead letters and the pending queue are what an operator usually asks for."""
    stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if isinstance(status, str):
        stmt = stmt.where(OutboxMessage.status == status)
    elif status:
        stmt = stmt.where(OutboxMessage.status.in_(status))
    return session.scalars(stmt).all()


def list_sent(session: Session, recipient: str = "", limit: int = 100) -> Sequence[OutboxMessage]:
    """What went out, the latest first; `recipient` narrows it to addresses or numbers containing
    it, so a manager can check what one customer was sent."""
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.status == SENT)
        .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    if recipient:
        stmt = stmt.where(OutboxMessage.recipient.ilike(f"%{recipient}%"))
    return session.scalars(stmt).all()


def retry(session: Session, message_id: int, now: datetime) -> OutboxMessage:
    """Put a dead (or cancelled) message back in line, as an operator asked, with fresh attempts.

    The last error stays on the row until the next try, so the list still says why it failed.
    """
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise LookupError(f"no outbox message {message_id}")
    if message.status not in (DEAD, CANCELLED):
        raise ValueError(f"message {message_id} is {message.status}, not dead or cancelled")
    message.status = PENDING
    message.due_at = now
    message.attempts = 0
    message.lease_owner = None
    message.lease_until = None
    return message
