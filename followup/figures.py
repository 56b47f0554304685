"""Counting a period's rows into the dashboard's figures: pure, no database, no Flask.

The queries (followup/call_spread.py, when the database cannot rank waits itself) hand over
plain rows; everything here is arithmetic on them with followup/stats.py, so the same function
gives the team's figures and each person's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import TypeVar

from followup.charts import Bar
from followup.stats import Csat, median, percentile, share

Row = TypeVar("Row")


@dataclass(frozen=True)
class TaskTimes:
    """How long a task waited for its first call and for the call that reached the customer."""

    to_first_call: timedelta | None
    to_reached: timedelta | None


@dataclass(frozen=True)
class OpenTask:
    assignee: str
    escalated: bool


@dataclass(frozen=True)
class SurveyFigures:
    sent: int
    answered: int  # of the surveys sent in the period
    answers: int  # answers given in the period
    csat: Csat
    average_rating: float | None
    unhappy: int
    unhappy_good_rating: int  # the hints a rating alone would have missed

    @property
    def response_rate(self) -> float | None:
        return share(self.answered, self.sent)

    @property
    def unhappy_share(self) -> float | None:
        return share(self.unhappy, self.answers)


@dataclass(frozen=True)
class Spread:
    median: timedelta | None
    p90: timedelta | None


@dataclass(frozen=True)
class Waits:
    """What the period's tasks say: how many were called and reached, and how long that took."""

    tasks: int  # opened in the period
    called: int
    reached: int
    to_first_call: Spread
    to_reached: Spread


NO_WAITS = Waits(0, 0, 0, Spread(None, None), Spread(None, None))


@dataclass(frozen=True)
class CallFigures(Waits):
    """The period's waits beside what is open right now."""

    open_now: int
    escalated_now: int

    @classmethod
    def of(cls, waits: Waits, open_now: list[OpenTask]) -> CallFigures:
        held = {"open_now": len(open_now), "escalated_now": sum(1 for o in open_now if o.escalated)}
        return cls(**{f.name: getattr(waits, f.name) for f in fields(Waits)}, **held)


@dataclass(frozen=True)
class ReachProof:
    """How the period's reaches are known: proven by a call through the app, or logged by hand."""

    verified: int
    by_hand: int
    median_talk_seconds: float | None  # over the verified reaches


def reach_proof(reaches: Iterable[tuple[bool, int | None]]) -> ReachProof:
    """From (verified, talk_seconds) of each `reached` attempt."""
    rows = list(reaches)
    talks = [seconds for verified, seconds in rows if verified and seconds is not None]
    verified = sum(1 for is_verified, _ in rows if is_verified)
    return ReachProof(verified=verified, by_hand=len(rows) - verified, median_talk_seconds=median(talks))


def spread(waits: Iterable[timedelta | None]) -> Spread:
    seconds = [wait.total_seconds() for wait in waits if wait is not None]
    middle, p90 = median(seconds), percentile(seconds, 90)
    return Spread(
        median=None if middle is None else timedelta(seconds=middle),
        p90=None if p90 is None else timedelta(seconds=p90),
    )


def waits(tasks: list[TaskTimes]) -> Waits:
    return Waits(
        tasks=len(tasks),
        called=sum(1 for t in tasks if t.to_first_call is not None),
        reached=sum(1 for t in tasks if t.to_reached is not None),
        to_first_call=spread(t.to_first_call for t in tasks),
        to_reached=spread(t.to_reached for t in tasks),
    )


def median_reach_bar(label: str, wait: timedelta | None) -> Bar:
    """Labelled to the hour (a week's column is 60 px wide: "23 h 50 min" would run into the next)."""
    return Bar(label, None if wait is None else wait.total_seconds() / 3600, short_duration(wait))


def short_duration(wait: timedelta | None) -> str:
    """A wait in a few characters: minutes under an hour, whole hours under two days, then days."""
    if wait is None:
        return "no data"
    minutes = round(wait.total_seconds() / 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{round(minutes / 60)} h"
    return f"{minutes / 1440:.1f} d".replace(".0 d", " d")


def duration_text(wait: timedelta | None) -> str:
    """Waits read in minutes, hours or days, rounded to the minute: nobody plans by the second."""
    if wait is None:
        return "–"
    hours, minutes = divmod(round(wait.total_seconds() / 60), 60)
    if hours == 0:
        return f"{minutes} min"
    if hours < 48:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    days, hours = divmod(hours, 24)
    return f"{days} d" + (f" {hours} h" if hours else "")
