"""Logging a call attempt: the one way a task moves, and the only way it closes."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from followup import events, verdicts
from followup.models import CLOSED, OPEN, CallAttempt, FollowupTask, TaskEvent, User
from followup.retry_policy import REACHED, RetryPolicy, decide
from followup.tasks import customer_timezone

log = logging.getLogger(__name__)


class TaskClosedError(Exception):
    """Attempts can't be logged on a closed task (409): a new unhappy answer opens a new one."""


def log_attempt(
    session: Session,
    task: FollowupTask,
    *,
    user: User | None,
    outcome: str,
    note: str,
    callback_at: datetime | None,
    policy: RetryPolicy,
    default_tz: str,
    now: datetime,
    verified: bool = False,
    talk_seconds: int | None = None,
    verdict: str | None = None,
    topic: str | None = None,
) -> CallAttempt:
    """Record the attempt and apply the policy's decision; raises AttemptError for bad input.

    `verified` attempts come from a call placed through the app, whose outcome Twilio reported.
    `verdict` and `topic` (followup/verdicts.py) only go with a call that reached the customer.
    """
    if task.status != OPEN:
        raise TaskClosedError(task.id)
    note = (note or "").strip()
    verdicts.check(session, outcome, verdict, topic)
    decision = decide(
        policy,
        now=now,
        outcome=outcome,
        failed_before=task.failed_attempts,
        tz=customer_timezone(task.customer, default_tz),
        note=note,
        callback_at=callback_at,
        verified=verified,
    )
    attempt = CallAttempt(
        task_id=task.id,
        user_id=user.id if user else None,
        outcome=outcome,
        note=note,
        callback_at=callback_at,
        created_at=now,
        verified=verified,
        talk_seconds=talk_seconds,
        verdict=verdict,
        topic=topic,
    )
    session.add(attempt)
    task.first_called_at = task.first_called_at or now
    if outcome == REACHED and task.reached_at is None:
        task.reached_at = now
    who = user.id if user else None
    detail = outcome.replace("_", " ") + (" (call placed through the app)" if verified else "")
    detail += "".join(
        f", {name} {value}" for name, value in (("verdict", verdict), ("topic", topic)) if value
    )
    if decision.closes:
        task.status, task.closed_at, task.next_attempt_at = CLOSED, now, None
        events.emit(session, "task.closed", task.id, str(task.id), now)
        session.add(
            TaskEvent(task_id=task.id, user_id=who, kind="closed", detail="customer reached", created_at=now)
        )
    else:
        task.failed_attempts += 1
        task.next_attempt_at = decision.next_attempt_at
    session.add(TaskEvent(task_id=task.id, user_id=who, kind="attempt", detail=detail, created_at=now))
    if decision.flag_contact:
        task.contact_flagged = True
    if decision.escalate and not task.escalated:
        escalate(session, task, decision.escalation_reason or "escalated", now, user=user)
    session.flush()
    log.info("task %s attempt %s by user %s", task.id, outcome, who)
    return attempt


def escalate(
    session: Session, task: FollowupTask, reason: str, now: datetime, user: User | None = None
) -> None:
    task.escalated = True
    task.escalation_reason = reason[:200]
    session.add(
        TaskEvent(
            task_id=task.id,
            user_id=user.id if user else None,
            kind="escalated",
            detail=reason[:500],
            created_at=now,
        )
    )
