"""The dashboard counted the slow, obvious way: every row of the period read and counted in
Python. The reference the fast figures (rollups, percentiles in the database) must equal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup.charts import Bar
from followup.dashboard import Dashboard
from followup.figures import (
    CallFigures,
    OpenTask,
    SurveyFigures,
    TaskTimes,
    median_reach_bar,
    reach_proof,
    spread,
    waits,
)
from followup.models import OPEN, CallAttempt, FollowupTask, User
from followup.period_scan import agent_label
from followup.periods import Period
from followup.stats import GOOD_RATINGS, csat, mean
from survey.models import Assessment, Response, Survey, Ticket

UNASSIGNED = "Unassigned"
Row = TypeVar("Row")


@dataclass(frozen=True)
class Sent:
    agent: str
    answered: bool


@dataclass(frozen=True)
class Answer:
    at: datetime
    agent: str
    rating: int | None
    unhappy: bool


@dataclass(frozen=True)
class Task:
    opened_at: datetime
    assignee: str
    times: TaskTimes


def call_figures(tasks: list[Task], open_now: list[OpenTask]) -> CallFigures:
    return CallFigures.of(waits([t.times for t in tasks]), open_now)


def weekly(
    first_day: date,
    last_day: date,
    zone: ZoneInfo,
    rows: Iterable[Row],
    when: Callable[[Row], datetime],
    bar: Callable[[str, list[Row]], Bar],
) -> list[Bar]:
    """One bar per week, Monday to Sunday in the reader's zone; empty weeks stay as gaps."""
    weeks: dict[date, list[Row]] = defaultdict(list)
    for row in rows:
        day = when(row).astimezone(zone).date()
        weeks[day - timedelta(days=day.weekday())].append(row)
    monday, bars = first_day - timedelta(days=first_day.weekday()), []
    while monday <= last_day:
        bars.append(bar(f"{monday:%d %b}", weeks[monday]))
        monday += timedelta(days=7)
    return bars


def reach_bar(label: str, tasks: list[Task]) -> Bar:
    return median_reach_bar(label, spread(t.times.to_reached for t in tasks).median)


def survey_figures(sent: list[Sent], answers: list[Answer]) -> SurveyFigures:
    ratings = [a.rating for a in answers if a.rating is not None]
    return SurveyFigures(
        sent=len(sent),
        answered=sum(1 for s in sent if s.answered),
        answers=len(answers),
        csat=csat(ratings),
        average_rating=mean(ratings),
        unhappy=sum(1 for a in answers if a.unhappy),
        unhappy_good_rating=sum(1 for a in answers if a.unhappy and a.rating in GOOD_RATINGS),
    )


def csat_bar(label: str, answers: list[Answer]) -> Bar:
    percent = csat(a.rating for a in answers).percent
    return Bar(label, percent, "no data" if percent is None else f"{percent:.0f}%")


def build(session: Session, period: Period) -> Dashboard:
    sent = [
        Sent(agent_label(name, email), response_id is not None)
        for name, email, response_id in session.execute(
            select(Ticket.agent_name, Ticket.agent_email, Response.id)
            .select_from(Survey)
            .join(Ticket, Ticket.id == Survey.ticket_id)
            .outerjoin(Response, Response.survey_id == Survey.id)
            .where(Survey.sent_at >= period.start, Survey.sent_at < period.end)
        )
    ]
    answers = [
        Answer(at, agent_label(name, email), rating, bool(unhappy))
        for at, rating, unhappy, name, email in session.execute(
            select(
                Response.created_at,
                Response.rating,
                Assessment.unhappy,
                Ticket.agent_name,
                Ticket.agent_email,
            )
            .join(Survey, Survey.id == Response.survey_id)
            .join(Ticket, Ticket.id == Survey.ticket_id)
            .outerjoin(Assessment, Assessment.response_id == Response.id)
            .where(Response.created_at >= period.start, Response.created_at < period.end)
        )
    ]
    tasks = _task_times(session, period)
    open_now = [
        OpenTask(name or UNASSIGNED, escalated)
        for name, escalated in session.execute(
            select(User.name, FollowupTask.escalated)
            .select_from(FollowupTask)
            .outerjoin(User, User.id == FollowupTask.assignee_id)
            .where(FollowupTask.status == OPEN)
        )
    ]
    by_agent = [
        (
            agent,
            survey_figures([s for s in sent if s.agent == agent], [a for a in answers if a.agent == agent]),
        )
        for agent in sorted({s.agent for s in sent} | {a.agent for a in answers})
    ]
    by_assignee = [
        (
            who,
            call_figures([t for t in tasks if t.assignee == who], [o for o in open_now if o.assignee == who]),
        )
        for who in sorted({t.assignee for t in tasks} | {o.assignee for o in open_now})
    ]
    zone = period.zone
    return Dashboard(
        period=period,
        surveys=survey_figures(sent, answers),
        calls=call_figures(tasks, open_now),
        by_agent=sorted(by_agent, key=lambda row: -row[1].sent),
        by_assignee=sorted(by_assignee, key=lambda row: -row[1].tasks),
        weekly_csat=weekly(period.first_day, period.last_day, zone, answers, lambda a: a.at, csat_bar),
        weekly_reach=weekly(period.first_day, period.last_day, zone, tasks, lambda t: t.opened_at, reach_bar),
        proof=reach_proof(
            session.execute(
                select(CallAttempt.verified, CallAttempt.talk_seconds).where(
                    CallAttempt.outcome == "reached",
                    CallAttempt.created_at >= period.start,
                    CallAttempt.created_at < period.end,
                )
            ).all()
        ),
    )


def _task_times(session: Session, period: Period) -> list[Task]:
    """Each task opened in the period with its first attempt and its first 'reached' one."""
    first = select(CallAttempt.task_id, func.min(CallAttempt.created_at).label("at")).group_by(
        CallAttempt.task_id
    )
    reached = first.where(CallAttempt.outcome == "reached")
    first, reached = first.subquery(), reached.subquery()
    rows = session.execute(
        select(FollowupTask.opened_at, User.name, first.c.at, reached.c.at)
        .select_from(FollowupTask)
        .outerjoin(User, User.id == FollowupTask.assignee_id)
        .outerjoin(first, first.c.task_id == FollowupTask.id)
        .outerjoin(reached, reached.c.task_id == FollowupTask.id)
        .where(FollowupTask.opened_at >= period.start, FollowupTask.opened_at < period.end)
    )
    return [
        Task(
            opened_at=opened,
            assignee=name or UNASSIGNED,
            times=TaskTimes(
                to_first_call=None if called is None else called - opened,
                to_reached=None if done is None else done - opened,
            ),
        )
        for opened, name, called, done in rows
    ]
