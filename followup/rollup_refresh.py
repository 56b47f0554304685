"""Keeping the hourly survey rollups filled (followup/rollups.py): the worker's job.

A watermark says up to which hour the rollups are complete; the dashboard reads the rows past
it. Each run rolls up to MAX_NEW_HOURS more whole hours (so the year of rows an upgrade finds
is caught up a week per tick, never in one long transaction), and recounts the older hours an
answer changed since the last run: a first answer raises its survey's sent hour's `answered`,
a re-answer changes its answer hour's ratings and verdict. Until that run (one worker tick) an
old hour's figures still read as before the re-answer. SETTLE leaves room for a transaction
that commits a little after the time it wrote.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db
from core.types import UTCDateTime
from followup.periods import floor_hour
from followup.rollups import HOUR, recount
from survey.models import Response, Survey

NAME = "survey_hours"
SETTLE = timedelta(minutes=10)
MAX_NEW_HOURS = 24 * 7


class RollupMark(db.Model):
    __tablename__ = "rollup_marks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    rolled_until: Mapped[datetime] = mapped_column(UTCDateTime)  # whole hours before it are rolled up
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when the answers were last looked at


def rolled_until(session: Session) -> datetime | None:
    return session.scalar(select(RollupMark.rolled_until).where(RollupMark.name == NAME))


def refresh(session: Session, now: datetime, max_new_hours: int = MAX_NEW_HOURS) -> int:
    """Roll up new hours and recount changed ones; returns how many hours were counted.

    The mark's row is locked first, so two workers take turns instead of counting an hour twice.
    """
    mark = session.scalar(select(RollupMark).where(RollupMark.name == NAME).with_for_update())
    target, changed = floor_hour(now - SETTLE), set()
    if mark is None:
        first = [session.scalar(select(func.min(Survey.sent_at))),
                 session.scalar(select(func.min(Response.created_at)))]  # fmt: skip
        known = [moment for moment in first if moment is not None]
        mark = RollupMark(name=NAME, rolled_until=floor_hour(min(known)) if known else target, checked_at=now)
        session.add(mark)
    else:
        changed = _changed_hours(session, mark.checked_at - SETTLE, mark.rolled_until)
    until = max(mark.rolled_until, min(target, mark.rolled_until + max_new_hours * HOUR))
    hours = changed | {mark.rolled_until + n * HOUR for n in range((until - mark.rolled_until) // HOUR)}
    recount(session, hours)
    mark.rolled_until, mark.checked_at = until, now
    return len(hours)


def _changed_hours(session: Session, since: datetime, before: datetime) -> set[datetime]:
    """Rolled hours an answer given or changed since `since` counts in: its survey's sent hour
    (answered or not) and its own first hour (its rating and verdict)."""
    sent = session.scalars(
        select(Survey.sent_at)
        .join(Response, Response.survey_id == Survey.id)
        .where(Response.created_at >= since, Survey.sent_at < before)
    )
    answered = session.scalars(
        select(Response.created_at).where(Response.updated_at >= since, Response.created_at < before)
    )
    return {floor_hour(moment) for moment in [*sent, *answered]}
