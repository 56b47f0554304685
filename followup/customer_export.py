"""Everything held about one customer as one JSON document (GDPR art. 15, the right of access).

Rows are written out column by column, so a column added to one of these tables later is in
the export without anyone remembering to add it. Only what is not about the person is left
out: the survey link's secrets, delivery leases, and users' internal ids (users are named).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup.api_schemas import utc_iso
from followup.customer_email import KIND as CUSTOMER_EMAIL
from followup.erasure import SURVEY_KINDS
from followup.feedback_models import SpotCheck
from followup.models import CallAttempt, FollowupTask, TaskEvent, User
from followup.profile import CustomerNote, CustomerProfile
from followup.touches import Touch
from followup.voice_models import VoiceCall
from notify.models import OutboxMessage
from survey.models import Assessment, Customer, InboundSms, Response, Survey, Ticket

_LEFT_OUT = {
    "token",
    "token_nonce",
    "token_hash",
    "lease_owner",
    "lease_until",
    "dedupe_key",
    "customer_id",
    "ticket_id",
    "survey_id",
    "response_id",
    "task_id",
    "ref_id",
    "draw_id",
}
_USERS = {  # named by email
    "user_id": "by",
    "updated_by_id": "updated_by",
    "assignee_id": "assignee",
    "reviewed_by": "reviewed_by",
}


def export_customer(session: Session, customer: Customer, now: datetime) -> dict:
    """The customer's file, tickets with their surveys, messages, answers and assessments,
    tasks with attempts and history, notes, personal facts, touches and texts."""
    cid = customer.id
    users = {user.id: user.email for user in session.scalars(select(User))}
    tickets = session.scalars(select(Ticket).where(Ticket.customer_id == cid).order_by(Ticket.id))
    tasks = session.scalars(
        select(FollowupTask).where(FollowupTask.customer_id == cid).order_by(FollowupTask.id)
    )
    profile = session.get(CustomerProfile, cid)
    return {
        "exported_at": utc_iso(now),
        "customer": _row(customer),
        "personal_facts": _row(profile, users) if profile else None,
        "notes": _rows(session, select(CustomerNote).where(CustomerNote.customer_id == cid), users),
        "touches": _rows(session, select(Touch).where(Touch.customer_id == cid), users),
        "texts": _rows(session, select(InboundSms).where(InboundSms.customer_id == cid), users),
        "tickets": [_ticket(session, ticket, users) for ticket in tickets],
        "tasks": [_task(session, task, users) for task in tasks],
    }


def _ticket(session: Session, ticket: Ticket, users: dict[int, str]) -> dict:
    out = _row(ticket)
    survey = session.scalar(select(Survey).where(Survey.ticket_id == ticket.id))
    if survey is None:
        return out | {"survey": None}
    messages = select(OutboxMessage).where(
        OutboxMessage.kind.in_(SURVEY_KINDS), OutboxMessage.ref_id == survey.id
    )
    out["survey"] = _row(survey) | {"messages": _rows(session, messages, users), "answer": None}
    answer = session.scalar(select(Response).where(Response.survey_id == survey.id))
    if answer is not None:
        assessment = session.scalar(select(Assessment).where(Assessment.response_id == answer.id))
        check = session.scalar(select(SpotCheck).where(SpotCheck.response_id == answer.id))
        out["survey"]["answer"] = _row(answer) | {
            "assessment": _row(assessment) if assessment else None,
            "spot_check": _row(check, users) if check else None,  # a manager's reading of it
        }
    return out


def _task(session: Session, task: FollowupTask, users: dict[int, str]) -> dict:
    attempts = select(CallAttempt.id).where(CallAttempt.task_id == task.id)
    emails = select(OutboxMessage).where(
        OutboxMessage.kind == CUSTOMER_EMAIL, OutboxMessage.ref_id.in_(attempts)
    )
    return _row(task, users) | {
        "attempts": _rows(session, select(CallAttempt).where(CallAttempt.task_id == task.id), users),
        "emails": _rows(session, emails, users),
        "calls": _rows(
            session, select(VoiceCall).where(VoiceCall.task_id == task.id), users
        ),  # sent from the task; each attempt's note is the text
        "history": _rows(session, select(TaskEvent).where(TaskEvent.task_id == task.id), users),
    }


def _rows(session: Session, statement, users: dict[int, str]) -> list[dict]:
    model = statement.column_descriptions[0]["entity"]
    return [_row(row, users) for row in session.scalars(statement.order_by(*model.__table__.primary_key))]


def _row(row, users: dict[int, str] | None = None) -> dict:
    out = {}
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        if column.key in _USERS:
            out[_USERS[column.key]] = (users or {}).get(value)
        elif column.key not in _LEFT_OUT:
            out[column.key] = _plain(value)
    return out


def _plain(value):
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
