"""Each Twilio callback applied once: Twilio retries a webhook it got no answer to.

An inbound SMS posted twice (a retry after a timeout, a replay of a signed request) would
otherwise record the answer twice, or opt someone out and back in. Every callback is keyed by
its `MessageSid` and event (`inbound`, or the delivery status it reports); the key is written
in the callback's own transaction, so of two copies arriving at once only one commits; the
other runs again and finds the key taken. An inbound SMS keeps the reply it was answered with,
so a retry gets the same answer without anything being applied again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db
from core.types import UTCDateTime

INBOUND = "inbound"
log = logging.getLogger(__name__)


class TwilioReceipt(db.Model):
    __tablename__ = "twilio_receipts"
    __table_args__ = (UniqueConstraint("message_sid", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(30))
    reply: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


def once(
    session: Session, message_sid: str, event: str, now: datetime, apply: Callable[[], str | None]
) -> str | None:
    """`apply()` unless this (sid, event) was applied before; what it answered, then or now.

    The receipt joins the caller's transaction: of two copies committing at once, the unique key
    fails one, which rolls back whole and, run again (core/conflicts.py), finds the receipt.
    A callback without a `MessageSid` cannot be told from its copies; it is applied (it was signed).
    """
    if not message_sid:
        return apply()
    sid, event = message_sid[:64], event[:30]
    earlier = session.scalar(
        select(TwilioReceipt).where(TwilioReceipt.message_sid == sid, TwilioReceipt.event == event)
    )
    if earlier is not None:
        log.info("twilio %s %s again: already applied", event, sid)
        return earlier.reply
    reply = apply()
    session.add(TwilioReceipt(message_sid=sid, event=event, reply=reply, received_at=now))
    return reply
