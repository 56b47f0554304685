"""Keeping in touch: every customer hears from us at least every TOUCH_DAYS days.

A touch is real contact: an answer they gave, a call that reached them, a personal email sent
from their follow-up, or a touch logged by hand (a call, an email, a visit). A call that
reached nobody is not one, nor is a note written about them. The first contact (when they
first came to us) counts as one, so a new customer is due a touch TOUCH_DAYS days later, not
at once. The quiet ones come first on the touch list, because customers who stop talking are
the ones most likely to leave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ForeignKey, String, Text, case, func, literal, select, union_all
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from core.extensions import db
from core.types import UTCDateTime
from followup.models import CallAttempt, FollowupTask, User
from followup.profile import CustomerProfile
from followup.retry_policy import EMAILED, REACHED
from survey.models import Customer, Response, Survey, Ticket

KINDS = ("call", "email", "visit", "note")
RECENT = timedelta(days=90)
CONTACT_OUTCOMES = (REACHED, EMAILED)  # the attempts that reached the customer


class Touch(db.Model):
    __tablename__ = "touches"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()


def log_touch(
    session: Session, customer_id: int, kind: str, note: str, user: User | None, now: datetime
) -> Touch:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    touch = Touch(
        customer_id=customer_id,
        user_id=user.id if user else None,
        kind=kind,
        note=note.strip()[:2000],
        created_at=now,
    )
    session.add(touch)
    return touch


def _touch_times():
    """Every moment of real contact with a customer, their first included, as one (customer_id,
    at) relation."""
    return union_all(
        select(Customer.id.label("customer_id"), Customer.created_at.label("at")),
        select(Survey.customer_id, Response.updated_at).join(Response),
        select(FollowupTask.customer_id, CallAttempt.created_at)
        .join(CallAttempt)
        .where(CallAttempt.outcome.in_(CONTACT_OUTCOMES)),
        select(Touch.customer_id, Touch.created_at),
    ).subquery()


def last_touched(session: Session, customer_id: int) -> datetime | None:
    return last_touched_of(session, [customer_id]).get(customer_id)


def last_touched_of(session: Session, customer_ids: list[int]) -> dict[int, datetime]:
    """Each customer's last contact, read through their own rows (the ids reach every branch)."""
    if not customer_ids:
        return {}
    times = _touch_times()
    return dict(
        session.execute(
            select(times.c.customer_id, func.max(times.c.at))
            .where(times.c.customer_id.in_(customer_ids))
            .group_by(times.c.customer_id)
        ).all()
    )


@dataclass(frozen=True)
class Quiet:
    customer: Customer
    last_touched: datetime | None
    answered_recently: bool
    ticket_trend: int  # tickets in the last 90 days minus the 90 before: negative = fading away


def touch_list(session: Session, now: datetime, touch_days: int, limit: int = 200) -> list[Quiet]:
    times = _touch_times()
    last = (
        select(times.c.customer_id, func.max(times.c.at).label("at")).group_by(times.c.customer_id).subquery()
    )
    answered = (
        select(Survey.customer_id, literal(1).label("yes"))
        .join(Response)
        .where(Response.updated_at >= now - RECENT)
        .group_by(Survey.customer_id)
        .subquery()
    )
    recent = func.sum(case((Ticket.closed_at >= now - RECENT, 1), else_=0))
    before = func.sum(case((Ticket.closed_at.between(now - 2 * RECENT, now - RECENT), 1), else_=0))
    trend = (
        select(Ticket.customer_id, (recent - before).label("trend")).group_by(Ticket.customer_id).subquery()
    )
    rows = session.execute(
        select(Customer, last.c.at, answered.c.yes, trend.c.trend)
        .outerjoin(last, last.c.customer_id == Customer.id)
        .outerjoin(answered, answered.c.customer_id == Customer.id)
        .outerjoin(trend, trend.c.customer_id == Customer.id)
        .where(Customer.erased_at.is_(None))
        .where((last.c.at.is_(None)) | (last.c.at < now - timedelta(days=touch_days)))
        .order_by(
            answered.c.yes.is_not(None), func.coalesce(trend.c.trend, 0), last.c.at.is_not(None), last.c.at
        )
        .limit(limit)
    ).all()
    return [Quiet(c, at, bool(yes), int(t or 0)) for c, at, yes, t in rows]


def upcoming_dates(session: Session, today: date, days: int = 30) -> list[tuple[Customer, str, date]]:
    """Birthdays (this year's or next year's date) and milestones in the next `days` days, soonest first."""
    upcoming = []
    end = today + timedelta(days=days)
    for customer, profile in session.execute(
        select(Customer, CustomerProfile)
        .join(CustomerProfile)
        .where((CustomerProfile.birthday.is_not(None)) | (CustomerProfile.milestone_on.is_not(None)))
    ):
        if profile.milestone_on and today <= profile.milestone_on <= end:
            upcoming.append((customer, f"milestone: {profile.milestones or 'noted'}", profile.milestone_on))
        born = profile.birthday
        for year in (today.year, today.year + 1) if born else ():
            try:
                day = born.replace(year=year)
            except ValueError:  # 29 February in a common year
                day = date(year, 3, 1)
            if today <= day <= end:
                upcoming.append((customer, "birthday", day))
                break
    return sorted(upcoming, key=lambda item: item[2])
