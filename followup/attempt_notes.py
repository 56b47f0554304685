"""Notes added after the fact: a call through the app closes a task before anyone wrote a word.

A verified reach needs no note to close the task (the call is the proof), but what was said
is still what the next person to open the customer's file needs; until it is written the task
is listed under "needs a note".
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup.models import CLOSED, CallAttempt, FollowupTask, TaskEvent, User
from followup.retry_policy import MAX_NOTE_LENGTH, AttemptError


def attempt_of(session: Session, task: FollowupTask, attempt_id: int) -> CallAttempt:
    """One of the task's attempts; LookupError if it has no such attempt."""
    attempt = session.get(CallAttempt, attempt_id) if 0 < attempt_id < 2**31 else None
    if attempt is None or attempt.task_id != task.id:
        raise LookupError(attempt_id)
    return attempt


def add_note(
    session: Session, task: FollowupTask, attempt_id: int, note: str, user: User, now: datetime
) -> CallAttempt:
    """Set the note of one of the task's attempts; LookupError if it has no such attempt."""
    attempt = attempt_of(session, task, attempt_id)
    note = (note or "").strip()
    if not note:
        raise AttemptError("note", "say what was discussed and what will be done")
    if len(note) > MAX_NOTE_LENGTH:
        raise AttemptError("note", f"must be at most {MAX_NOTE_LENGTH} characters")
    attempt.note = note
    session.add(
        TaskEvent(
            task_id=task.id,
            user_id=user.id,
            kind="note",
            detail=f"note on attempt {attempt.id}",
            created_at=now,
        )
    )
    return attempt


def needing_a_note(
    session: Session, viewer: User, limit: int = 200
) -> list[tuple[FollowupTask, CallAttempt]]:
    """Closed tasks whose verified reach has no note yet, latest first; agents see their own."""
    stmt = (
        select(FollowupTask, CallAttempt)
        .join(CallAttempt, CallAttempt.task_id == FollowupTask.id)
        .where(
            FollowupTask.status == CLOSED,
            CallAttempt.outcome == "reached",
            CallAttempt.verified.is_(True),
            CallAttempt.note == "",
        )
        .order_by(CallAttempt.created_at.desc(), CallAttempt.id.desc())
        .limit(limit)
    )
    if viewer.role != "manager":
        stmt = stmt.where(FollowupTask.assignee_id == viewer.id)
    return [(task, attempt) for task, attempt in session.execute(stmt)]


def unwritten_note(session: Session, task_id: int) -> CallAttempt | None:
    """The task's verified reach still waiting for its note, if any."""
    return session.scalar(
        select(CallAttempt)
        .where(
            CallAttempt.task_id == task_id,
            CallAttempt.outcome == "reached",
            CallAttempt.verified.is_(True),
            CallAttempt.note == "",
        )
        .limit(1)
    )
