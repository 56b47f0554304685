"""Opening follow-up tasks for unhappy answers, and the retry policy built from config."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from followup import events
from followup.business_hours import valid_timezone
from followup.models import OPEN, FollowupTask, TaskEvent, User
from followup.retry_policy import RetryPolicy, first_call_at, first_call_deadline
from survey.models import Assessment, Customer, Response
from survey.signals import response_assessed

log = logging.getLogger(__name__)


MAX_ID = 2**31 - 1  # ids past this can't exist, and would overflow the database's integer


def find_task(session: Session, task_id: int, options: Sequence = ()) -> FollowupTask | None:
    """The task, loaded with `options`; None for an id no task can have (too big for the column)."""
    return session.get(FollowupTask, task_id, options=options) if 0 < task_id <= MAX_ID else None


def policy_from_config(config) -> RetryPolicy:
    return RetryPolicy.from_settings(
        delays=config["FOLLOWUP_RETRY_DELAYS"],
        max_attempts=config["FOLLOWUP_MAX_ATTEMPTS"],
        first_call_hours=config["FOLLOWUP_FIRST_CALL_HOURS"],
        business_hours=config["BUSINESS_HOURS"],
    )


def customer_timezone(customer: Customer, default: str) -> str:
    return valid_timezone(customer.timezone, default)


def default_assignee(session: Session, agent_email: str | None) -> User | None:
    """The agent who handled the ticket if they have a login, else the first manager."""
    if agent_email:
        agent = session.scalar(select(User).where(User.email == agent_email.lower(), User.active))
        if agent is not None:
            return agent
    return session.scalar(select(User).where(User.role == "manager", User.active).order_by(User.id).limit(1))


def open_for(
    session: Session,
    response: Response,
    assessment: Assessment,
    policy: RetryPolicy,
    default_tz: str,
    now: datetime,
) -> FollowupTask:
    """Open a task, or add the answer to the customer's open task: never two open at once."""
    customer = response.survey.customer
    task = session.scalar(
        select(FollowupTask).where(FollowupTask.customer_id == customer.id, FollowupTask.status == OPEN)
    )
    # The reasons are shown with the answer; repeating them in the history said them twice.
    summary = f"rating {response.rating if response.rating is not None else '-'}"
    if task is not None:
        if task.response_id != response.id:
            task.response_id = response.id
            session.add(
                TaskEvent(
                    task_id=task.id,
                    kind="answer",
                    detail=f"another unhappy answer: {summary}"[:500],
                    created_at=now,
                )
            )
        return task
    tz = customer_timezone(customer, default_tz)
    agent_email = response.survey.ticket.agent_email
    assignee = default_assignee(session, agent_email)
    task = FollowupTask(
        customer_id=customer.id,
        response_id=response.id,
        status=OPEN,
        assignee_id=assignee.id if assignee else None,
        agent_email=agent_email,
        opened_at=now,
        next_attempt_at=first_call_at(policy, now, tz),
        first_call_deadline=first_call_deadline(policy, now),
    )
    session.add(task)
    session.flush()
    session.add(
        TaskEvent(task_id=task.id, kind="opened", detail=f"unhappy answer: {summary}"[:500], created_at=now)
    )
    events.emit(session, "task.opened", task.id, str(task.id), now)
    log.info("followup task %s opened for response %s", task.id, response.id)
    return task


@response_assessed.connect
def _on_response_assessed(response: Response, *, assessment: Assessment, session: Session, now: datetime):
    if not assessment.unhappy:
        return
    config = current_app.config
    open_for(session, response, assessment, policy_from_config(config), config["DEFAULT_TIMEZONE"], now)
