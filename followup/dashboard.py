"""The dashboard's figures for a period, overall and per person, as plain dataclasses.

Each query fetches the period's rows (a few narrow columns each) and followup/figures.py
counts them in Python: medians and percentiles are not portable SQL between SQLite and
PostgreSQL, and one code path keeps both databases honest. That is fine up to roughly
100,000 rows in a period; past that, move the counting into the database.

Two populations, on purpose: the response rate follows the surveys *sent* in the period (did
those customers answer, whenever they did), while CSAT, unhappiness and call times follow the
answers *given* in the period (a task opens in the same transaction as its unhappy answer),
so a bad week shows up in the week it happened.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup.charts import Bar
from followup.figures import (
    Answer,
    CallFigures,
    OpenTask,
    ReachProof,
    Sent,
    SurveyFigures,
    TaskTimes,
    call_figures,
    csat_bar,
    reach_bar,
    reach_proof,
    survey_figures,
    weekly,
)
from followup.models import OPEN, CallAttempt, FollowupTask, User
from followup.periods import Period
from survey.models import Assessment, Response, Survey, Ticket

NO_AGENT, UNASSIGNED = "No agent on the ticket", "Unassigned"


@dataclass(frozen=True)
class Dashboard:
    period: Period
    surveys: SurveyFigures
    calls: CallFigures
    by_agent: list[tuple[str, SurveyFigures]]  # the ticket's agent
    by_assignee: list[tuple[str, CallFigures]]  # whoever the follow-up task is assigned to
    weekly_csat: list[Bar]
    weekly_reach: list[Bar]  # median hours from answer to customer reached
    proof: ReachProof  # reaches in the period, verified by the call or logged by hand


def agent_label(name: str | None, email: str | None) -> str:
    """Tickets name their agent freely; the email (when given) tells two Sams apart."""
    if name and email:
        return f"{name} ({email.lower()})"
    return name or (email.lower() if email else NO_AGENT)


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


def _task_times(session: Session, period: Period) -> list[TaskTimes]:
    """Each task opened in the period with its first attempt and its closing 'reached' one."""
    since = CallAttempt.created_at >= period.start  # attempts follow the opening, never precede it
    first = (
        select(CallAttempt.task_id, func.min(CallAttempt.created_at).label("at"))
        .where(since)
        .group_by(CallAttempt.task_id)
        .subquery()
    )
    reached = (
        select(CallAttempt.task_id, func.min(CallAttempt.created_at).label("at"))
        .where(since, CallAttempt.outcome == "reached")
        .group_by(CallAttempt.task_id)
        .subquery()
    )
    rows = session.execute(
        select(FollowupTask.opened_at, User.name, first.c.at, reached.c.at)
        .select_from(FollowupTask)
        .outerjoin(User, User.id == FollowupTask.assignee_id)
        .outerjoin(first, first.c.task_id == FollowupTask.id)
        .outerjoin(reached, reached.c.task_id == FollowupTask.id)
        .where(FollowupTask.opened_at >= period.start, FollowupTask.opened_at < period.end)
    )
    return [
        TaskTimes(
            opened_at=opened,
            assignee=name or UNASSIGNED,
            to_first_call=None if called is None else called - opened,
            to_reached=None if done is None else done - opened,
        )
        for opened, name, called, done in rows
    ]
