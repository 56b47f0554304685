"""The touch list, ranked by the worker and read by the page and the weekly digest.

Ranking every customer by their last contact and their ticket trend reads every contact ever
made: seconds at a million follow-ups, too slow for a page. So the worker ranks (the query in
followup/touches.py) every RANK_EVERY into `quiet_customers`, keeping the first KEPT; the page
takes that ranking and drops whoever was touched since, so a call logged a minute ago takes a
customer off at once. Someone who went quiet since shows up at the next ranking, within the
hour, on a list counted in weeks. With no ranking younger than STALE (a new install, a stopped
worker), the page ranks live, as it always did.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db
from core.types import UTCDateTime
from followup.touches import Quiet, last_touched_of, touch_list
from survey.models import Customer

RANK_EVERY, STALE = timedelta(hours=1), timedelta(hours=3)
KEPT = 1000  # five times the page's 200: room for those touched since the ranking


class QuietCustomer(db.Model):
    __tablename__ = "quiet_customers"

    position: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    answered_recently: Mapped[bool]
    ticket_trend: Mapped[int]
    ranked_at: Mapped[datetime] = mapped_column(UTCDateTime)


def _ranked_at(session: Session) -> datetime | None:
    return session.scalar(select(func.max(QuietCustomer.ranked_at)))


def rank_if_due(session: Session, now: datetime, touch_days: int) -> bool:
    """Rank again when the last ranking is RANK_EVERY old (by the database, so any worker may)."""
    last = _ranked_at(session)
    if last is not None and now - last < RANK_EVERY:
        return False
    ranked = touch_list(session, now, touch_days, limit=KEPT)
    session.execute(delete(QuietCustomer))
    session.add_all(
        QuietCustomer(
            position=n,
            customer_id=row.customer.id,
            answered_recently=row.answered_recently,
            ticket_trend=row.ticket_trend,
            ranked_at=now,
        )  # fmt: skip
        for n, row in enumerate(ranked)
    )
    return True


def quiet_customers(session: Session, now: datetime, touch_days: int, limit: int = 200) -> list[Quiet]:
    """The touch list: the worker's ranking less whoever was touched since, else ranked live."""
    last = _ranked_at(session)
    if last is None or now - last > STALE:
        return touch_list(session, now, touch_days, limit)
    due, still, after = now - timedelta(days=touch_days), [], -1
    while len(still) < limit:  # a page of the ranking at a time: few were touched since
        ranked = session.execute(
            select(QuietCustomer, Customer)
            .join(Customer, Customer.id == QuietCustomer.customer_id)
            .where(Customer.erased_at.is_(None), QuietCustomer.position > after)
            .order_by(QuietCustomer.position)
            .limit(limit + limit // 4)
        ).all()
        if not ranked:
            break
        touched = last_touched_of(session, [customer.id for _, customer in ranked])
        still += [
            Quiet(customer, touched.get(customer.id), row.answered_recently, row.ticket_trend)
            for row, customer in ranked
            if touched.get(customer.id) is None or touched[customer.id] < due
        ]
        after = ranked[-1][0].position
    return still[:limit]
