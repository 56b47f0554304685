"""What the task page lists of a customer's file and of the task's history, as plain rows.

The task page is the one a manager opens before every call, so its lists are read as rows of
the columns shown, with the names of the users who acted joined in, instead of as ORM objects
loaded one relationship at a time, by statements built once. Every list is shown whole.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import Session

from followup.models import CallAttempt, FollowupTask, TaskEvent, User
from survey.models import Assessment, Response, Survey, Ticket


class File(NamedTuple):
    tickets: list[Row]  # every ticket, the latest closed first
    answers: list[Row]  # every answered survey, the latest survey first
    other_tasks: list[Row]

    def answer(self, response_id: int) -> Row:
        """The answer the task was opened for, with its ticket and assessment: always in the file,
        as a task's answer is its customer's and a ticket keeps its answered survey's customer."""
        return next(row for row in self.answers if row.response_id == response_id)


# A customer's tickets and what they answered to each, in one query: a survey belongs to a ticket,
# and both to the same customer (survey/intake/service.py moves them together).
_TICKETS = (
    select(
        Ticket.closed_at,
        Ticket.created_at,
        Ticket.external_id,
        Ticket.subject,
        Ticket.agent_name,
        Survey.created_at.label("surveyed_at"),
        Response.id.label("response_id"),
        Response.updated_at.label("answered_at"),
        Response.rating,
        Response.comment,
        Assessment.unhappy,
        Assessment.unhappiness,
        Assessment.reasons,
    )
    .outerjoin(Survey, Survey.ticket_id == Ticket.id)
    .outerjoin(Response, Response.survey_id == Survey.id)
    .outerjoin(Assessment, Assessment.response_id == Response.id)
    .where(Ticket.customer_id == bindparam("customer_id"))
    .order_by(Ticket.closed_at.desc(), Ticket.id.desc())
)

_OTHER_TASKS = (
    select(
        FollowupTask.id,
        FollowupTask.status,
        FollowupTask.opened_at,
        FollowupTask.escalated,
        select(func.count(CallAttempt.id))
        .where(CallAttempt.task_id == FollowupTask.id)
        .scalar_subquery()
        .label("attempt_count"),
    )
    .where(FollowupTask.customer_id == bindparam("customer_id"), FollowupTask.id != bindparam("task_id"))
    .order_by(FollowupTask.opened_at.desc())
)

_EVENTS = (
    select(TaskEvent.created_at, TaskEvent.kind, TaskEvent.detail, User.name.label("user_name"))
    .outerjoin(User, User.id == TaskEvent.user_id)
    .where(TaskEvent.task_id == bindparam("task_id"))
    .order_by(TaskEvent.id)
)


def tickets_of(session: Session, customer_id: int) -> list[Row]:
    """Every ticket of the customer, the latest closed first, each with its answer if any
    (`response_id` None when unanswered) and the answer's assessment (`unhappy` None when none)."""
    return session.execute(_TICKETS, {"customer_id": customer_id}).all()


def customer_file(session: Session, customer_id: int, task_id: int) -> File:
    """The customer's tickets, answers (the task's among them) and follow-ups other than `task_id`."""
    tickets = tickets_of(session, customer_id)
    answered = [row for row in tickets if row.response_id is not None]
    answered.sort(key=lambda row: row.surveyed_at, reverse=True)
    others = session.execute(_OTHER_TASKS, {"customer_id": customer_id, "task_id": task_id}).all()
    return File(tickets, answered, others)


def history(session: Session, task_id: int) -> list[Row]:
    """The task's audit trail in order, with who acted (no name: the system did)."""
    return session.execute(_EVENTS, {"task_id": task_id}).all()
