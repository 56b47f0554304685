"""Hourly survey rollups: what the dashboard adds up instead of a period's every survey and answer.

Per UTC hour and per ticket agent: the surveys sent (and how many of those were answered), and
the answers given with their ratings and verdicts. Whole hours serve every reader's zone with an
offset of whole hours; a half-hour zone's midnights, a preset period's `now` and the hours past
the watermark come from the rows (followup/periods.py `pieces`), through the very same counting
as the rollups were filled with, so both halves add up to what the rows say.

The worker refills the hours (followup/rollup_refresh.py); this module only counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, and_, case, delete, func, insert, or_, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db
from core.types import UTCDateTime
from followup.figures import SurveyFigures
from followup.periods import Piece
from followup.stats import Csat, share
from survey.models import Assessment, Response, Survey, Ticket

GOOD, BAD = (4, 5), (1, 2)
HOUR = timedelta(hours=1)
RECOUNT_BATCH = 168  # a week of hours per statement


class SentHour(db.Model):
    """Surveys sent in the hour, by the ticket's agent, and how many of them were answered since."""

    __tablename__ = "sent_hours"

    hour: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    agent_name: Mapped[str] = mapped_column(String(200), primary_key=True)  # "" when none
    agent_email: Mapped[str] = mapped_column(String(320), primary_key=True)
    sent: Mapped[int]
    answered: Mapped[int]


class AnswerHour(db.Model):
    """Answers first given in the hour, by the ticket's agent, as they read now (re-answers included)."""

    __tablename__ = "answer_hours"

    hour: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    agent_name: Mapped[str] = mapped_column(String(200), primary_key=True)
    agent_email: Mapped[str] = mapped_column(String(320), primary_key=True)
    answers: Mapped[int]
    good: Mapped[int]
    bad: Mapped[int]
    neither: Mapped[int]
    rating_sum: Mapped[int] = mapped_column(Integer)
    unhappy: Mapped[int]
    unhappy_good: Mapped[int]


@dataclass(frozen=True)
class SurveyCounts:
    """The additive part of SurveyFigures: sums of these are the sums of their rows."""

    sent: int = 0
    answered: int = 0
    answers: int = 0
    good: int = 0
    bad: int = 0
    neither: int = 0
    rating_sum: int = 0
    unhappy: int = 0
    unhappy_good: int = 0

    def __add__(self, other: SurveyCounts) -> SurveyCounts:
        return SurveyCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def figures(self) -> SurveyFigures:
        rated = self.good + self.bad + self.neither
        return SurveyFigures(
            sent=self.sent,
            answered=self.answered,
            answers=self.answers,
            csat=Csat(good=self.good, bad=self.bad, neither=self.neither),
            average_rating=self.rating_sum / rated if rated else None,
            unhappy=self.unhappy,
            unhappy_good_rating=self.unhappy_good,
        )

    @property
    def csat_percent(self) -> float | None:
        return share(self.good, self.good + self.bad)


Key = tuple[int, str, str]  # (week, agent_name, agent_email)
# By position: the week is a CASE whose bound times PostgreSQL would not match to a repeated CASE.
BY_WEEK_AND_AGENT = (text("1"), text("2"), text("3"))


def survey_counts(session: Session, parts: Iterable[Piece]) -> dict[Key, SurveyCounts]:
    """The pieces' counts by week and agent: rolled pieces from the rollups, the rest from the rows."""
    parts = list(parts)
    totals: dict[Key, SurveyCounts] = {}
    rolled = [p for p in parts if p.rolled]
    raw = [p for p in parts if not p.rolled]
    queries = [
        _sent_rows(SentHour.hour, rolled, rollup=True),
        _answer_rows(AnswerHour.hour, rolled, rollup=True),
        _sent_rows(Survey.sent_at, raw, rollup=False),
        _answer_rows(Response.created_at, raw, rollup=False),
    ]
    for stmt, names in filter(None, queries):
        for week, agent_name, agent_email, *values in session.execute(stmt):
            key = (week, agent_name, agent_email)
            counts = SurveyCounts(**{n: int(v or 0) for n, v in zip(names, values, strict=True)})
            totals[key] = totals.get(key, SurveyCounts()) + counts
    return totals


def _week(column, parts: list[Piece]):
    return case(*((and_(column >= p.start, column < p.end), p.week) for p in parts))


def _within(column, parts: list[Piece]):
    """In one of the pieces; the outer bounds first, so the planner reads one range of the index."""
    pieces = or_(*(and_(column >= p.start, column < p.end) for p in parts))
    return and_(column >= min(p.start for p in parts), column < max(p.end for p in parts), pieces)


def _sent_rows(column, parts: list[Piece], *, rollup: bool):
    if not parts:
        return None
    names = ("sent", "answered")
    if rollup:
        values = (func.sum(SentHour.sent), func.sum(SentHour.answered))
        agent = (SentHour.agent_name, SentHour.agent_email)
        stmt = select(_week(column, parts), *agent, *values)
    else:
        agent = (func.coalesce(Ticket.agent_name, ""), func.coalesce(Ticket.agent_email, ""))
        values = (func.count(Survey.id), func.count(Response.id))
        stmt = (
            select(_week(column, parts), *agent, *values)
            .select_from(Survey)
            .join(Ticket, Ticket.id == Survey.ticket_id)
            .outerjoin(Response, Response.survey_id == Survey.id)
        )
    return stmt.where(_within(column, parts)).group_by(*BY_WEEK_AND_AGENT), names


def _answer_rows(column, parts: list[Piece], *, rollup: bool):
    if not parts:
        return None
    names = ("answers", "good", "bad", "neither", "rating_sum", "unhappy", "unhappy_good")
    if rollup:
        values = tuple(func.sum(getattr(AnswerHour, name)) for name in names)
        agent = (AnswerHour.agent_name, AnswerHour.agent_email)
        stmt = select(_week(column, parts), *agent, *values)
    else:
        unhappy = Assessment.unhappy.is_(True)
        agent = (func.coalesce(Ticket.agent_name, ""), func.coalesce(Ticket.agent_email, ""))
        values = (
            func.count(Response.id),
            func.sum(case((Response.rating.in_(GOOD), 1), else_=0)),
            func.sum(case((Response.rating.in_(BAD), 1), else_=0)),
            func.sum(case((Response.rating == 3, 1), else_=0)),
            func.coalesce(func.sum(Response.rating), 0),
            func.sum(case((unhappy, 1), else_=0)),
            func.sum(case((and_(unhappy, Response.rating.in_(GOOD)), 1), else_=0)),
        )
        stmt = (
            select(_week(column, parts), *agent, *values)
            .select_from(Response)
            .join(Survey, Survey.id == Response.survey_id)
            .join(Ticket, Ticket.id == Survey.ticket_id)
            .outerjoin(Assessment, Assessment.response_id == Response.id)
        )
    return stmt.where(_within(column, parts)).group_by(*BY_WEEK_AND_AGENT), names


def recount(session: Session, hours: Iterable[datetime]) -> None:
    """Count these whole UTC hours afresh from the rows into both rollups, replacing what they held."""
    hours = sorted(set(hours))
    for start in range(0, len(hours), RECOUNT_BATCH):
        batch = hours[start : start + RECOUNT_BATCH]
        parts = [Piece(hour, hour + HOUR, n, rolled=False) for n, hour in enumerate(batch)]
        counted = (
            (SentHour, _sent_rows(Survey.sent_at, parts, rollup=False)),
            (AnswerHour, _answer_rows(Response.created_at, parts, rollup=False)),
        )
        for table, (stmt, names) in counted:
            rows = [
                {
                    "hour": batch[n],
                    "agent_name": name,
                    "agent_email": email,
                    **dict(zip(names, counts, strict=True)),
                }
                for n, name, email, *counts in session.execute(stmt)
            ]
            session.execute(delete(table).where(table.hour.in_(batch)))
            if rows:
                session.execute(insert(table), rows)
