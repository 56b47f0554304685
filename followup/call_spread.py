"""The dashboard's call figures for a period: how many tasks were called and reached, how long
that took (median and 90th percentile), who holds what now, and how the reaches are proven.

Waits are skewed and their percentiles don't add up from rollups, so they are computed from the
period's tasks, off ix_followup_tasks_opened (the open and reach times sit beside `opened_at`).
PostgreSQL computes them itself, with percentile_cont (the same linear interpolation as
followup/stats.py), for the team, each assignee and each week in one pass over that index;
other databases (SQLite: a small team's) hand over the rows and followup/figures.py counts them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from sqlalchemy import Float, case, cast, extract, func, select, tuple_
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.orm import Session

from followup import figures
from followup.figures import NO_WAITS, OpenTask, ReachProof, Spread, TaskTimes, Waits, reach_proof, spread
from followup.models import OPEN, CallAttempt, FollowupTask, User
from followup.periods import Period, week_starts

UNASSIGNED = "Unassigned"
FORMER_USER = "A former user"  # an id a kept count names that is no longer a user


def assignees(session: Session) -> dict[int | None, str]:
    """Each user's name as the dashboard shows it (with the email when two share a name).

    Tasks are grouped by assignee id, not name: no join of the period's tasks to users, and
    an integer to group by instead of a string."""
    users = session.execute(select(User.id, User.name, User.email)).all()
    names = Counter(name for _, name, _ in users)
    labels: dict[int | None, str] = {None: UNASSIGNED}
    for user_id, name, email in users:
        labels[user_id] = f"{name} ({email})" if names[name] > 1 else name or email
    return labels


def open_now(session: Session, labels: dict[int | None, str]) -> dict[int | None, list[OpenTask]]:
    """The open tasks by assignee id, counted off ix_followup_tasks_open_assignee."""
    found: dict[int | None, list[OpenTask]] = defaultdict(list)
    for user_id, escalated, count in session.execute(
        select(FollowupTask.assignee_id, FollowupTask.escalated, func.count())
        .where(FollowupTask.status == OPEN)
        .group_by(FollowupTask.assignee_id, FollowupTask.escalated)
    ):
        found[user_id] += [OpenTask(labels[user_id], bool(escalated))] * count
    return found


def waits(session: Session, period: Period) -> tuple[Waits, dict[int | None, Waits], list[timedelta | None]]:
    """The team's waits, each assignee's (by user id) and each week's median time to reach."""
    if session.get_bind().dialect.name == "postgresql":
        return _in_postgresql(session, period)
    return _in_python(session, period)


def _in_python(session: Session, period: Period):
    starts = week_starts(period)
    tasks, weeks = defaultdict(list), [[] for _ in starts]
    for opened, user_id, called, reached in session.execute(
        select(
            FollowupTask.opened_at,
            FollowupTask.assignee_id,
            FollowupTask.first_called_at,
            FollowupTask.reached_at,
        ).where(FollowupTask.opened_at >= period.start, FollowupTask.opened_at < period.end)
    ):
        times = TaskTimes(
            to_first_call=None if called is None else called - opened,
            to_reached=None if reached is None else reached - opened,
        )
        tasks[user_id].append(times)
        weeks[max(n for n, start in enumerate(starts) if start <= opened)].append(times.to_reached)
    everyone = [times for held in tasks.values() for times in held]
    people = {user_id: figures.waits(held) for user_id, held in tasks.items()}
    return figures.waits(everyone), people, [spread(week).median for week in weeks]


def _in_postgresql(session: Session, period: Period):
    starts = week_starts(period)
    task = FollowupTask
    rows = (
        select(
            task.assignee_id.label("assignee"),
            case(*((task.opened_at >= start, n) for n, start in reversed(list(enumerate(starts))))).label(
                "week"
            ),
            cast(extract("epoch", task.first_called_at - task.opened_at), Float).label("to_call"),
            cast(extract("epoch", task.reached_at - task.opened_at), Float).label("to_reach"),
        )
        .where(task.opened_at >= period.start, task.opened_at < period.end)
        .subquery()
    )
    quantiles = array([0.5, 0.9])
    stmt = select(
        func.grouping(rows.c.assignee),
        func.grouping(rows.c.week),
        rows.c.assignee,
        rows.c.week,
        func.count(),
        func.count(rows.c.to_call),
        func.count(rows.c.to_reach),
        func.percentile_cont(quantiles).within_group(rows.c.to_call),
        func.percentile_cont(quantiles).within_group(rows.c.to_reach),
    ).group_by(func.grouping_sets(tuple_(), tuple_(rows.c.assignee), tuple_(rows.c.week)))
    team, people, medians = NO_WAITS, {}, {}
    for by_name, by_week, user_id, week, tasks, called, reached, to_call, to_reach in session.execute(stmt):
        if by_name and not by_week:  # one week, everyone
            medians[week] = _spread(to_reach).median
            continue
        found = Waits(tasks, called, reached, _spread(to_call), _spread(to_reach))
        if by_name:
            team = found
        else:
            people[user_id] = found
    return team, people, [medians.get(n) for n in range(len(starts))]


def _spread(seconds: list[float] | None) -> Spread:
    """percentile_cont's [median, p90] in seconds (None when nothing to rank) as Spread."""
    if seconds is None or seconds[0] is None:
        return Spread(None, None)
    return Spread(timedelta(seconds=seconds[0]), timedelta(seconds=seconds[1]))


def proof(session: Session, period: Period) -> ReachProof:
    """The period's reaches, verified by the call or logged by hand, off ix_call_attempts_reached."""
    in_period = (
        CallAttempt.outcome == "reached",
        CallAttempt.created_at >= period.start,
        CallAttempt.created_at < period.end,
    )
    if session.get_bind().dialect.name != "postgresql":
        rows = session.execute(select(CallAttempt.verified, CallAttempt.talk_seconds).where(*in_period))
        return reach_proof(rows.all())
    verified = CallAttempt.verified.is_(True)
    talk = cast(CallAttempt.talk_seconds, Float)
    found, by_hand, middle = session.execute(
        select(
            func.count().filter(verified),
            func.count().filter(~verified),
            func.percentile_cont(0.5).within_group(talk).filter(verified),
        ).where(*in_period)
    ).one()
    return ReachProof(verified=found, by_hand=by_hand, median_talk_seconds=middle)
