"""The queue query shared by the manager's page and the JSON API.

Open tasks come by next try time (so overdue, then due, then later falls out of one index
scan); closed ones newest first. Pages are keyset cursors, so page 200 costs what page 1 does.

A page is rows of just the columns shown, not ORM objects: building five entities per task
(task, customer, answer, survey, ticket, assignee) cost several times what the query does, and
the assignee's password hash and the survey's token hash have no business on a page anyway.
"""

from __future__ import annotations

import base64
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Row, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased

from followup.models import CLOSED, OPEN, CallAttempt, FollowupTask, User
from followup.visibility import agents_task, sees_everything
from survey.models import Assessment, Customer, Response, Survey, Ticket

STATUSES = ("open", "closed", "all")
MAX_ID = 2**31 - 1  # the id column's range


def _columns(task, detail: bool) -> tuple:
    """What a queue row shows (issue 7.2) and the cursor needs; `detail` adds what TaskOut shows."""
    shown = (
        task.id,
        task.status,
        task.next_attempt_at,
        task.closed_at,
        task.escalated,
        task.failed_attempts,
        _attempt_count(task),
        Customer.name.label("customer_name"),
        Customer.email.label("customer_email"),
        Customer.phone.label("customer_phone"),
        Customer.timezone.label("customer_timezone"),
        Ticket.external_id.label("ticket_id"),
        Ticket.subject.label("ticket_subject"),
        Response.rating,
        Response.comment,
        User.name.label("assignee_name"),
    )
    if not detail:
        return shown
    return (
        *shown,
        task.opened_at,
        task.escalation_reason,
        task.contact_flagged,
        Customer.id.label("customer_id"),
        Ticket.source.label("ticket_source"),
        Ticket.agent_name.label("ticket_agent_name"),
        Ticket.closed_at.label("ticket_closed_at"),
        Response.updated_at.label("answered_at"),
        Assessment.unhappy,
        Assessment.unhappiness,
        Assessment.reasons,
        User.email.label("assignee_email"),
    )


def _attempt_count(task):
    """Every attempt logged, the one that reached the customer included: `failed_attempts` is
    the retry policy's count and stops one short on a closed task."""
    count = select(func.count(CallAttempt.id)).where(CallAttempt.task_id == task.id)
    return count.scalar_subquery().label("attempt_count")


def _order(task, status: str) -> tuple:
    if status == "open":
        return task.next_attempt_at, task.id
    if status == "closed":
        return task.closed_at.desc(), task.id.desc()
    # "all" lists open tasks first, then closed ones: two keyset ranges in one order.
    return task.status.desc(), task.next_attempt_at, task.closed_at.desc(), task.id


class CursorError(ValueError):
    pass


@dataclass(frozen=True)
class Page:
    items: Sequence[Row]
    next: str | None


def _encode(task: Row) -> str:
    key = task.next_attempt_at if task.status == OPEN else task.closed_at
    raw = json.dumps([task.status, key.isoformat() if key else None, task.id])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode(cursor: str) -> tuple[str, datetime | None, int]:
    """The cursor's parts, checked as strictly as a crafted one deserves: a known status, a time
    with its offset (or none), an id a row can have. Anything else is the client's error (400/422)."""
    try:
        status, key, task_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        when = datetime.fromisoformat(key) if key is not None else None
    except (ValueError, TypeError):
        raise CursorError("cursor is not one this API gave out") from None
    bad_id = not isinstance(task_id, int) or isinstance(task_id, bool) or not 0 <= task_id <= MAX_ID
    if status not in (OPEN, CLOSED) or bad_id or (when is not None and when.utcoffset() is None):
        raise CursorError("cursor is not one this API gave out")
    return status, when, task_id


def list_tasks(
    session: Session,
    *,
    status: str = "open",
    viewer: User | None = None,
    mine: bool = False,
    cursor: str | None = None,
    limit: int = 50,
    detail: bool = False,
) -> Page:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    params: dict = {"limit": limit + 1}
    scope = "all"
    if viewer is not None and (mine or not sees_everything(viewer)):
        scope = "mine" if mine else "agent"
        params["assignee_id"], params["agent_email"] = viewer.id, viewer.email
    after = None
    if cursor:
        last_status, params["after_key"], params["after_id"] = _decode(cursor)
        after = OPEN if last_status == OPEN else CLOSED
    rows = session.execute(_statement(status, detail, scope, after), params).all()
    items = rows[:limit]
    return Page(items, _encode(items[-1]) if len(rows) > limit else None)


@cache
def _statement(status: str, detail: bool, scope: str, after: str | None) -> Select:
    """The query for one kind of page, built once: building it took longer than running it.

    The page's tasks are picked from followup_tasks alone, then joined to what they show:
    PostgreSQL plans that in a fraction of the time it takes to plan a six-table join under
    ORDER BY ... LIMIT, which also took longer than running it.
    """
    tasks = select(FollowupTask).order_by(*_order(FollowupTask, status)).limit(bindparam("limit"))
    if scope == "mine":  # a manager's own tasks
        tasks = tasks.where(FollowupTask.assignee_id == bindparam("assignee_id"))
    elif scope == "agent":  # what an agent may see (followup/visibility.py)
        tasks = tasks.where(agents_task(FollowupTask, bindparam("assignee_id"), bindparam("agent_email")))
    if status != "all":
        tasks = tasks.where(FollowupTask.status == (OPEN if status == "open" else CLOSED))
    if after is not None:
        tasks = tasks.where(_after(after, status))
    task = aliased(FollowupTask, tasks.subquery("page"))
    stmt = (
        select(*_columns(task, detail))
        .join(Customer, Customer.id == task.customer_id)
        .join(Response, Response.id == task.response_id)
        .join(Survey, Survey.id == Response.survey_id)
        .join(Ticket, Ticket.id == Survey.ticket_id)
        .outerjoin(User, User.id == task.assignee_id)
        .order_by(*_order(task, status))
    )
    if detail:
        stmt = stmt.outerjoin(Assessment, Assessment.response_id == Response.id)
    return stmt


_ATTEMPTS = (
    select(
        CallAttempt.task_id,
        CallAttempt.id,
        CallAttempt.outcome,
        CallAttempt.note,
        CallAttempt.callback_at,
        CallAttempt.created_at,
        CallAttempt.verified,
        CallAttempt.talk_seconds,
        CallAttempt.verdict,
        CallAttempt.topic,
        User.email.label("user_email"),
        User.name.label("user_name"),
    )
    .outerjoin(User, User.id == CallAttempt.user_id)
    .where(CallAttempt.task_id.in_(bindparam("task_ids", expanding=True)))
    .order_by(CallAttempt.task_id, CallAttempt.id)
)


def attempts_of(session: Session, task_ids: Sequence[int]) -> dict[int, list[Row]]:
    """Every attempt of these tasks in the order they were logged, with who made them: one query
    for a whole page of the API, or for the one task a task page shows."""
    found: dict[int, list[Row]] = defaultdict(list)
    for row in session.execute(_ATTEMPTS, {"task_ids": list(task_ids)}):
        found[row.task_id].append(row)
    return found


def _after(last_status: str, status: str):
    """Rows past the cursor's task, whose sort key and id are the `after_key` and `after_id` params."""
    key, task_id = bindparam("after_key"), bindparam("after_id")
    if last_status == OPEN:
        after_open = and_(
            FollowupTask.status == OPEN,
            or_(
                FollowupTask.next_attempt_at > key,
                and_(FollowupTask.next_attempt_at == key, FollowupTask.id > task_id),
            ),
        )
        return or_(after_open, FollowupTask.status == CLOSED) if status == "all" else after_open
    if status == "all":
        return and_(FollowupTask.status == CLOSED, _closed_after(key, task_id, ascending_id=True))
    return _closed_after(key, task_id, ascending_id=False)


def _closed_after(key, task_id, *, ascending_id: bool):
    same_key = FollowupTask.id > task_id if ascending_id else FollowupTask.id < task_id
    return or_(FollowupTask.closed_at < key, and_(FollowupTask.closed_at == key, same_key))
