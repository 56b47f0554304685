"""What followup's outbox messages are about, so the outbox pages can name and link the customer
and the task of each row (reminders and task events name a task; answer events an answer)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup.models import CallAttempt, FollowupTask
from notify.kinds import Subject
from survey.models import Customer, Response, Survey, Ticket


def describe_tasks(session: Session, task_ids: list[int]) -> dict[int, Subject]:
    rows = session.execute(
        select(FollowupTask.id, Customer.id, Customer.name, Customer.email, Ticket.external_id)
        .join(Customer, Customer.id == FollowupTask.customer_id)
        .join(Response, Response.id == FollowupTask.response_id)
        .join(Survey, Survey.id == Response.survey_id)
        .join(Ticket, Ticket.id == Survey.ticket_id)
        .where(FollowupTask.id.in_(task_ids))
    )
    return {
        task_id: Subject(f"follow-up #{task_id} on {ticket}", customer_id, name or email, task_id)
        for task_id, customer_id, name, email, ticket in rows
    }


def describe_answers(session: Session, response_ids: list[int]) -> dict[int, Subject]:
    rows = session.execute(
        select(Response.id, Customer.id, Customer.name, Customer.email, Ticket.external_id, FollowupTask.id)
        .join(Survey, Survey.id == Response.survey_id)
        .join(Customer, Customer.id == Survey.customer_id)
        .join(Ticket, Ticket.id == Survey.ticket_id)
        .outerjoin(FollowupTask, FollowupTask.response_id == Response.id)
        .where(Response.id.in_(response_ids))
    )
    return {
        response_id: Subject(f"answer to {ticket}", customer_id, name or email, task_id)
        for response_id, customer_id, name, email, ticket, task_id in rows
    }


def describe_attempts(session: Session, attempt_ids: list[int]) -> dict[int, Subject]:
    """A message logged as an attempt (the manager's email to the customer) is about its task."""
    rows = session.execute(
        select(CallAttempt.id, CallAttempt.task_id).where(CallAttempt.id.in_(attempt_ids))
    ).all()
    tasks = describe_tasks(session, sorted({task_id for _, task_id in rows}))
    return {attempt_id: tasks[task_id] for attempt_id, task_id in rows if task_id in tasks}
