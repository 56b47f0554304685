"""What a manager knows about a customer beyond tickets: notes and personal facts.

People remember being remembered: the birthday, the daughter who started university, the
preferred time to call. These live on the follow-up side because they are the manager's file,
not something a ticket system sends.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Row, String, Text, bindparam, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from core.extensions import db
from core.types import UTCDateTime
from followup.models import User

FACT_FIELDS = (
    "family",
    "birthday",
    "hobbies",
    "milestones",
    "milestone_on",
    "preferred_channel",
    "preferred_time",
)
TEXT_FIELDS = ("family", "hobbies", "milestones", "preferred_time")
CHANNELS = ("phone", "email", "sms")


class CustomerProfile(db.Model):
    __tablename__ = "customer_profiles"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    family: Mapped[str] = mapped_column(String(500), default="")
    birthday: Mapped[date | None]
    hobbies: Mapped[str] = mapped_column(String(500), default="")
    milestones: Mapped[str] = mapped_column(String(500), default="")
    milestone_on: Mapped[date | None]  # the next one worth a call: an anniversary, a move, a launch
    preferred_channel: Mapped[str | None] = mapped_column(String(10))
    preferred_time: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CustomerNote(db.Model):
    __tablename__ = "customer_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()


def profile_for(session: Session, customer_id: int) -> CustomerProfile | None:
    return session.get(CustomerProfile, customer_id)


def update_profile(
    session: Session, customer_id: int, facts: dict, user: User | None, now: datetime
) -> CustomerProfile:
    profile = session.get(CustomerProfile, customer_id)
    if profile is None:
        profile = CustomerProfile(customer_id=customer_id)
        session.add(profile)
    for name in FACT_FIELDS:
        if name in facts:
            value = facts[name]
            if name in TEXT_FIELDS:
                value = (value or "").strip()
            setattr(profile, name, value)
    if profile.preferred_channel not in (None, *CHANNELS):
        raise ValueError(f"preferred channel must be one of {', '.join(CHANNELS)}")
    profile.updated_at, profile.updated_by_id = now, user.id if user else None
    return profile


def add_note(session: Session, customer_id: int, body: str, user: User | None, now: datetime) -> CustomerNote:
    text = (body or "").strip()
    if not text:
        raise ValueError("a note needs some text")
    note = CustomerNote(
        customer_id=customer_id, user_id=user.id if user else None, body=text[:5000], created_at=now
    )
    session.add(note)
    return note


# Built once: the task page and the file read a customer's notes on every view.
_NOTES = (
    select(CustomerNote.created_at, CustomerNote.body, User.name.label("user_name"))
    .outerjoin(User, User.id == CustomerNote.user_id)
    .where(CustomerNote.customer_id == bindparam("customer_id"))
    .order_by(CustomerNote.id.desc())
)


def notes_for(session: Session, customer_id: int) -> list[Row]:
    """The customer's notes, newest first, with who wrote them."""
    return session.execute(_NOTES, {"customer_id": customer_id}).all()
