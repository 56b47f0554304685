"""A large team's dashboard, counted ahead by the worker instead of on the request.

A period holding at most DASHBOARD_LIVE_LIMIT tasks, answers and surveys is counted on the
request, so a small team reads every figure up to the second. A larger one would hold a web
worker for a second or more (90 days of a million follow-ups a year), so the page asks the
worker instead: it records the period as wanted (DashboardRequest) and shows the worker's last
count of it (DashboardSnapshot) with the time it was made. The worker counts a newly wanted
period at its next tick, and again every REFRESH while someone keeps opening it. A preset such
as the last 30 days is counted up to the worker's moment, and the page then shows that very
period, so every figure on it covers the same stretch of time. A count older than STALE (a
stopped worker), or kept in an older release's format, is not shown: the page says the period
is being counted, and the worker counts it again within REFRESH.

Only counts are kept (followup/period_scan.py), never a customer's name or words: erasing a
customer has nothing to reach here.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import String, Text, delete, func, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db
from core.types import UTCDateTime
from followup.models import FollowupTask
from followup.period_scan import PeriodScan, scan
from followup.periods import Period, parse_period
from survey.models import Response, Survey

REFRESH = timedelta(minutes=5)
STALE = timedelta(hours=1)
KEEP = timedelta(days=7)  # a period nobody opened for this long is no longer counted
VIEW_MARK = timedelta(minutes=10)  # a page notes that a period is still looked at this often
TICK_BUDGET_SECONDS = 5.0  # counting per worker tick, so deliveries are not held up for long


class DashboardRequest(db.Model):
    """A period someone opened the dashboard for, in their zone: what the worker keeps counted."""

    __tablename__ = "dashboard_requests"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    zone: Mapped[str] = mapped_column(String(64))
    days: Mapped[int | None]  # a preset, or None for the two days below
    first_day: Mapped[date | None]
    last_day: Mapped[date | None]
    viewed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def period(self, now: datetime) -> Period:
        if self.days is not None:
            args = {"days": str(self.days)}
        else:
            args = {"from": self.first_day.isoformat(), "to": self.last_day.isoformat()}
        return parse_period(args, now, ZoneInfo(self.zone))


class DashboardSnapshot(db.Model):
    """The worker's last count of a wanted period, written by the worker alone."""

    __tablename__ = "dashboard_snapshots"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    figures: Mapped[str] = mapped_column(Text)  # PeriodScan.as_json()


@dataclass(frozen=True)
class Counted:
    period: Period  # for a preset counted by the worker: the period up to its count
    scan: PeriodScan | None  # None: the worker has not counted it yet
    as_of: datetime | None  # when the worker counted it; None when counted on this request
    ask_worker: bool  # the page should note (with `want`) that this period is looked at


def key_of(period: Period) -> str:
    if period.days is not None:
        return f"{period.zone.key}|{period.days}"
    return f"{period.zone.key}|{period.first_day.isoformat()}|{period.last_day.isoformat()}"


def counted(session: Session, period: Period, now: datetime, live_limit: int) -> Counted:
    """The period's counts: the worker's if fresh, else counted now if small, else not yet."""
    key = key_of(period)
    snapshot = session.get(DashboardSnapshot, key)
    kept = _kept(snapshot) if snapshot is not None and now - snapshot.counted_at <= STALE else None
    if kept is not None:
        wanted = session.get(DashboardRequest, key)
        fresh_mark = wanted is not None and now - wanted.viewed_at < VIEW_MARK
        return Counted(_as_counted(period, snapshot), kept, snapshot.counted_at, ask_worker=not fresh_mark)
    if _small(session, period, live_limit):
        return Counted(period, scan(session, period), None, ask_worker=False)
    return Counted(period, None, None, ask_worker=True)


def want(session: Session, period: Period, now: datetime) -> None:
    """Note that the period is looked at (in the caller's transaction), so the worker counts it."""
    key = key_of(period)
    wanted = session.get(DashboardRequest, key)
    if wanted is None:
        custom = period.days is None
        session.add(
            DashboardRequest(
                key=key,
                zone=period.zone.key,
                days=period.days,
                first_day=period.first_day if custom else None,
                last_day=period.last_day if custom else None,
                viewed_at=now,
            )
        )
    else:
        wanted.viewed_at = now


def refresh(session: Session, now: datetime, budget_seconds: float = TICK_BUDGET_SECONDS) -> int:
    """Count the wanted periods whose count is missing or REFRESH old, most overdue first, at
    least one and then until the budget is spent; forget periods nobody opened for KEEP.
    Returns how many were counted.

    Each period is counted under its snapshot's row lock (skipped when another worker holds
    it), so several workers share the work without counting a period twice; pages read the
    snapshot without waiting on that lock."""
    forgotten = select(DashboardRequest.key).where(DashboardRequest.viewed_at < now - KEEP)
    session.execute(delete(DashboardSnapshot).where(DashboardSnapshot.key.in_(forgotten)))
    session.execute(delete(DashboardRequest).where(DashboardRequest.viewed_at < now - KEEP))
    session.commit()
    due = session.scalars(
        select(DashboardRequest.key)
        .outerjoin(DashboardSnapshot, DashboardSnapshot.key == DashboardRequest.key)
        .where(or_(DashboardSnapshot.key.is_(None), DashboardSnapshot.counted_at <= now - REFRESH))
        .order_by(DashboardSnapshot.counted_at.is_not(None), DashboardSnapshot.counted_at)
    ).all()
    started, done = time.monotonic(), 0
    for key in due:
        if done and time.monotonic() - started >= budget_seconds:
            break
        done += _count(session, key, now)
    return done


def _count(session: Session, key: str, now: datetime) -> int:
    wanted = session.get(DashboardRequest, key)
    if wanted is None:  # forgotten meanwhile
        return 0
    period = wanted.period(now)
    exists = session.scalar(select(DashboardSnapshot.key).where(DashboardSnapshot.key == key))
    snapshot = session.scalar(
        select(DashboardSnapshot).where(DashboardSnapshot.key == key).with_for_update(skip_locked=True)
    )
    if exists and (snapshot is None or now - snapshot.counted_at < REFRESH):
        session.rollback()  # another worker is counting it, or just did
        return 0
    figures = json.dumps(scan(session, period).as_json())
    if snapshot is None:
        snapshot = DashboardSnapshot(key=key)
        session.add(snapshot)
    snapshot.start, snapshot.end = period.start, period.end
    snapshot.counted_at, snapshot.figures = now, figures
    try:
        session.commit()
    except IntegrityError:  # another worker counted this new period at the same time
        session.rollback()
        return 0
    return 1


def _kept(snapshot: DashboardSnapshot) -> PeriodScan | None:
    """The snapshot's counts, or None when an older release wrote them in another format."""
    try:
        return PeriodScan.from_json(json.loads(snapshot.figures))
    except ValueError:
        return None


def _as_counted(asked: Period, snapshot: DashboardSnapshot) -> Period:
    """The period the snapshot counted: the asked one, or for a preset the one up to its count."""
    if asked.days is None:
        return asked
    start, end = snapshot.start, snapshot.end
    zone = asked.zone
    return Period(start, end, zone, asked.days, start.astimezone(zone).date(), end.astimezone(zone).date())


def _small(session: Session, period: Period, limit: int) -> bool:
    """At most `limit` tasks, answers and surveys in the period, each counted only up to limit + 1."""
    for column in (FollowupTask.opened_at, Response.updated_at, Survey.sent_at):
        rows = select(literal(1)).where(column >= period.start, column < period.end).limit(limit + 1)
        if session.scalar(select(func.count()).select_from(rows.subquery())) > limit:
            return False
    return True
