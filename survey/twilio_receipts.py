"""Each Twilio callback applied once: Twilio retries a webhook it got no answer to.

An inbound SMS posted twice (a retry after a timeout, a replay of a signed request) would
otherwise record the answer twice, or opt someone out and back in. Every callback is keyed by
its `MessageSid` and event (`inbound`, or the delivery status it reports); the key is inserted
in the callback's own transaction, so of two copies arriving at once one waits for the other
and then finds the key taken. An inbound SMS keeps the reply it was answered with, so a retry
gets the same answer without anything being applied again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db
from core.types import UTCDateTime

INBOUND = "inbound"


class TwilioReceipt(db.Model):
    __tablename__ = "twilio_receipts"
    __table_args__ = (UniqueConstraint("message_sid", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(30))
    reply: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


def claim(session: Session, message_sid: str, event: str, now: datetime) -> TwilioReceipt | None:
    """The new receipt for (sid, event), or None when that callback was already applied.

    A callback without a `MessageSid` cannot be told from its copies; it is applied (it was signed).
    """
    receipt = TwilioReceipt(message_sid=message_sid[:64], event=event[:30], received_at=now)
    if not message_sid:
        return receipt
    try:
        with session.begin_nested():
            session.add(receipt)
    except IntegrityError:
        return None
    return receipt


def earlier_reply(session: Session, message_sid: str) -> str | None:
    """What the first copy of an inbound SMS was answered with."""
    return session.scalar(
        select(TwilioReceipt.reply).where(
            TwilioReceipt.message_sid == message_sid, TwilioReceipt.event == INBOUND
        )
    )
