"""The queue query shared by the manager's page and the JSON API.

Open tasks come by next try time (so overdue, then due, then later falls out of one index
scan); closed ones newest first. Pages are keyset cursors, so page 200 costs what page 1 does.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from followup.models import CLOSED, OPEN, CallAttempt, FollowupTask, User
from survey.models import Response, Survey

STATUSES = ("open", "closed", "all")


class CursorError(ValueError):
    pass


@dataclass(frozen=True)
class Page:
    items: list[FollowupTask]
    next: str | None


def _encode(task: FollowupTask) -> str:
    key = task.next_attempt_at if task.status == OPEN else task.closed_at
    raw = json.dumps([task.status, key.isoformat() if key else None, task.id])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode(cursor: str) -> tuple[str, datetime | None, int]:
    try:
        status, key, task_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return str(status), datetime.fromisoformat(key) if key else None, int(task_id)
    except (ValueError, TypeError):
        raise CursorError("cursor is not one this API gave out") from None


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
    stmt = select(FollowupTask).options(
        joinedload(FollowupTask.customer),
        joinedload(FollowupTask.assignee),
        joinedload(FollowupTask.response).joinedload(Response.survey).joinedload(Survey.ticket),
    )
    if detail:  # the API shows the assessment and every attempt: a few queries per page, not per task
        stmt = stmt.options(
            joinedload(FollowupTask.response).selectinload(Response.assessment),
            selectinload(FollowupTask.attempts).joinedload(CallAttempt.user),
        )
    if viewer is not None and (mine or viewer.role != "manager"):
        stmt = stmt.where(FollowupTask.assignee_id == viewer.id)
    # "all" lists open tasks first, then closed ones: two keyset ranges in one order.
    order_open = (FollowupTask.next_attempt_at, FollowupTask.id)
    if status == "open":
        stmt = stmt.where(FollowupTask.status == OPEN).order_by(*order_open)
    elif status == "closed":
        stmt = stmt.where(FollowupTask.status == CLOSED).order_by(
            FollowupTask.closed_at.desc(), FollowupTask.id.desc()
        )
    else:
        stmt = stmt.order_by(
            FollowupTask.status.desc(),
            FollowupTask.next_attempt_at,
            FollowupTask.closed_at.desc(),
            FollowupTask.id,
        )
    if cursor:
        stmt = stmt.where(_after(_decode(cursor), status))
    rows = session.scalars(stmt.limit(limit + 1)).unique().all()
    items = list(rows[:limit])
    return Page(items, _encode(items[-1]) if len(rows) > limit else None)


def _after(position: tuple[str, datetime | None, int], status: str):
    last_status, key, task_id = position
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


def _closed_after(key: datetime | None, task_id: int, *, ascending_id: bool):
    same_key = FollowupTask.id > task_id if ascending_id else FollowupTask.id < task_id
    return or_(FollowupTask.closed_at < key, and_(FollowupTask.closed_at == key, same_key))
