"""The outbox: every message we promise to send is a row before it is a network call.

A row is rendered only when it is delivered (see notify/outbox.py), so it stores no message
body and no survey link: what it sends always reflects the current state (a survey answered
meanwhile cancels its reminder) and a database leak reveals no working link.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.types import UTCDateTime

PENDING, SENT, DEAD, CANCELLED = "pending", "sent", "dead", "cancelled"


class OutboxMessage(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What to say and to whom is decided by the kind's renderer from `ref_id` at send time.
    kind: Mapped[str] = mapped_column(String(40))
    ref_id: Mapped[int] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(10))  # email|sms
    recipient: Mapped[str] = mapped_column(String(320))
    # One row per promise: a second insert of the same key is a no-op, never a second message.
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(12), default=PENDING)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
    provider_id: Mapped[str | None] = mapped_column(String(120), index=True)
    provider_status: Mapped[str | None] = mapped_column(String(30))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
