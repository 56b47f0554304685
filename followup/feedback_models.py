"""What the team teaches the assessment: its list of call topics, and the weekly spot checks.

Verdicts live on the call attempt itself (followup/models.py); these are the records beside it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.types import UTCDateTime
from followup.models import FollowupTask, User
from survey.models import Response


class CallTopic(db.Model):
    """One entry of the team's topic list, edited on the settings page; no rows = the defaults."""

    __tablename__ = "call_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]


class SpotCheckDraw(db.Model):
    """One week's sample was drawn: the unique week makes a second worker's draw fail, not double."""

    __tablename__ = "spot_check_draws"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[date] = mapped_column(Date, unique=True)  # a Monday, in DEFAULT_TIMEZONE
    population: Mapped[int]  # answers read as fine that week: what the sample stands for
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime)


FINE, UNHAPPY = "fine", "unhappy"


class SpotCheck(db.Model):
    """An answer the assessment read as fine, put before a manager to say whether it was."""

    __tablename__ = "spot_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("spot_check_draws.id"), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), unique=True)
    label: Mapped[str | None] = mapped_column(String(10))  # fine|unhappy; None until reviewed
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("followup_tasks.id"))

    draw: Mapped[SpotCheckDraw] = relationship()
    response: Mapped[Response] = relationship()
    reviewer: Mapped[User | None] = relationship()
    task: Mapped[FollowupTask | None] = relationship()
