"""Spot checks: how misses are measured. Each week a random sample of the answers the assessment
read as fine goes before a manager, who reads each and marks it "fine" or "unhappy, call them".

A call's verdict can only judge answers the assessment flagged; what it let through is never
called, so nobody learns of it. A uniform random sample of those answers, read by a person,
estimates how many it missed (followup/quality_report.py scales the sample's miss rate to every
answer read as fine). The sample is drawn once per finished week (Monday to Sunday in
DEFAULT_TIMEZONE), by whichever worker gets there first: the week's row is unique, so a second
worker's draw fails and is rolled back instead of doubling the sample.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, date, datetime, time, timedelta
from random import Random

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from followup.business_hours import load_zone
from followup.feedback_models import FINE, UNHAPPY, SpotCheck, SpotCheckDraw
from followup.models import TaskEvent, User
from followup.retry_policy import RetryPolicy
from followup.tasks import open_for
from survey.models import Assessment, Customer, Response, Survey

log = logging.getLogger(__name__)
MINIMUM = 3  # a week's sample, when at least that many answers were read as fine
LABELS = (FINE, UNHAPPY)


class AlreadyReviewed(Exception):
    """The spot check was marked already (by someone else, or a second press)."""


def sample_size(population: int, percent: float, minimum: int = MINIMUM) -> int:
    """`percent` of the population rounded up, at least `minimum`, never more than there are."""
    wanted = math.ceil(population * percent / 100 - 1e-9)
    return min(population, max(wanted, minimum))


def last_full_week(now: datetime, tz: str) -> tuple[date, datetime, datetime]:
    """The Monday of the last finished week in `tz`, and that week as a UTC range [start, end)."""
    zone = load_zone(tz)
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday() + 7)
    start = datetime.combine(monday, time(), zone).astimezone(UTC)
    end = datetime.combine(monday + timedelta(days=7), time(), zone).astimezone(UTC)
    return monday, start, end


def draw_week(session: Session, now: datetime, tz: str, percent: float, rng: Random) -> int | None:
    """Draw last week's sample unless it was drawn; the number drawn, or None if done already.

    Every answer read as fine that week (by its answer time) is equally likely to be drawn:
    `rng.sample` over the ids in a fixed order, so a seeded `rng` draws the same sample again.
    Erased customers' answers are left out: there is nothing left to read or anyone to call.
    """
    monday, start, end = last_full_week(now, tz)
    if session.scalar(select(SpotCheckDraw.id).where(SpotCheckDraw.week_start == monday)) is not None:
        return None
    fine = session.scalars(
        select(Response.id)
        .join(Assessment, Assessment.response_id == Response.id)
        .join(Survey, Survey.id == Response.survey_id)
        .join(Customer, Customer.id == Survey.customer_id)
        .where(
            Assessment.unhappy.is_(False),
            Response.updated_at >= start,
            Response.updated_at < end,
            Customer.erased_at.is_(None),
            Response.id.not_in(select(SpotCheck.response_id)),  # an answer changed since its draw
        )
        .order_by(Response.id)
    ).all()
    chosen = sorted(rng.sample(fine, sample_size(len(fine), percent)))
    try:
        with session.begin_nested():
            draw = SpotCheckDraw(week_start=monday, population=len(fine), drawn_at=now)
            session.add(draw)
            session.flush()
            session.add_all(SpotCheck(draw_id=draw.id, response_id=response_id) for response_id in chosen)
    except IntegrityError:
        log.info("spot checks: week of %s drawn by another worker", monday)
        return None
    log.info(
        "spot checks: drew %s of %s answers read as fine in the week of %s", len(chosen), len(fine), monday
    )
    return len(chosen)


def review_list(session: Session, limit: int = 200) -> tuple[list[SpotCheck], list[SpotCheck]]:
    """(waiting for a manager, oldest week first; the latest reviewed), with what the page shows."""
    loaded = select(SpotCheck).options(
        joinedload(SpotCheck.draw),
        joinedload(SpotCheck.reviewer),
        joinedload(SpotCheck.response).joinedload(Response.assessment),
        joinedload(SpotCheck.response).joinedload(Response.survey).joinedload(Survey.customer),
    )
    waiting = session.scalars(
        loaded.where(SpotCheck.label.is_(None)).order_by(SpotCheck.draw_id, SpotCheck.id).limit(limit)
    ).all()
    reviewed = session.scalars(
        loaded.where(SpotCheck.label.is_not(None)).order_by(SpotCheck.reviewed_at.desc()).limit(50)
    ).all()
    return list(waiting), list(reviewed)


def mark(
    session: Session,
    check: SpotCheck,
    label: str,
    user: User,
    now: datetime,
    policy: RetryPolicy,
    default_tz: str,
) -> None:
    """Record the manager's reading; "unhappy" opens a follow-up task for the answer, as an
    unhappy answer does on arrival (or joins the customer's open one)."""
    if label not in LABELS:
        raise ValueError(f"label must be one of {', '.join(LABELS)}")
    if check.label is not None:
        raise AlreadyReviewed(check.id)
    check.label, check.reviewed_by, check.reviewed_at = label, user.id, now
    if label == UNHAPPY:
        response = check.response
        task = open_for(session, response, response.assessment, policy, default_tz, now)
        check.task_id = task.id
        detail = f"a spot check by {user.name} found an answer read as fine unhappy"
        session.add(
            TaskEvent(task_id=task.id, user_id=user.id, kind="spot_check", detail=detail, created_at=now)
        )
    session.flush()
    log.info("spot check %s marked %s by user %s", check.id, label, user.id)
