"""Exports of answers, of tasks with their attempts, and of calls, row by row so 100k rows stay cheap.

Rows are read with `yield_per` and written as they come; nothing holds the whole period in
memory. Cells that a spreadsheet would run as a formula are prefixed with a quote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from followup.models import CallAttempt, FollowupTask
from survey.models import Response, Survey, Ticket

RESPONSE_COLUMNS = [
    "response_id",
    "answered_at",
    "customer_id",
    "customer_name",
    "customer_email",
    "ticket_id",
    "ticket_subject",
    "agent",
    "rating",
    "comment",
    "channel",
    "unhappy",
    "unhappiness",
    "reasons",
]
TASK_COLUMNS = [
    "task_id",
    "status",
    "customer_id",
    "customer_name",
    "ticket_id",
    "opened_at",
    "closed_at",
    "escalated",
    "assignee",
    "attempt_at",
    "outcome",
    "note",
    "by",
    "verdict",
    "topic",
]
CALL_COLUMNS = [
    "call_id",
    "called_at",
    "task_id",
    "task_status",
    "customer_id",
    "customer_name",
    "customer_phone",
    "ticket_id",
    "outcome",
    "note",
    "callback_at",
    "by",
    "verdict",
    "topic",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else ""


def response_rows(
    session: Session, since: datetime, until: datetime, after_id: int = 0, limit: int | None = None
) -> Iterator[dict]:
    stmt = (
        select(Response)
        .options(
            joinedload(Response.survey).joinedload(Survey.ticket).joinedload(Ticket.customer),
            joinedload(Response.assessment),
        )
        .where(Response.updated_at >= since, Response.updated_at < until, Response.id > after_id)
        .order_by(Response.id)
        .limit(limit)
        .execution_options(yield_per=1000)
    )
    for response in session.scalars(stmt):
        ticket, assessment = response.survey.ticket, response.assessment
        yield {
            "response_id": response.id,
            "answered_at": _iso(response.updated_at),
            "customer_id": ticket.customer.id,
            "customer_name": ticket.customer.name or "",
            "customer_email": ticket.customer.email or "",
            "ticket_id": ticket.external_id,
            "ticket_subject": ticket.subject,
            "agent": ticket.agent_name or "",
            "rating": response.rating,
            "comment": response.comment,
            "channel": response.channel,
            "unhappy": assessment.unhappy if assessment else None,
            "unhappiness": assessment.unhappiness if assessment else None,
            "reasons": list(assessment.reasons) if assessment else [],
        }


def task_rows(session: Session, since: datetime, until: datetime) -> Iterator[dict]:
    """One row per attempt (a task without attempts still gets one row)."""
    stmt = (
        select(FollowupTask, CallAttempt)
        .outerjoin(CallAttempt, CallAttempt.task_id == FollowupTask.id)
        .options(
            joinedload(FollowupTask.customer),
            joinedload(FollowupTask.assignee),
            joinedload(FollowupTask.response).joinedload(Response.survey).joinedload(Survey.ticket),
        )
        .where(FollowupTask.opened_at >= since, FollowupTask.opened_at < until)
        .order_by(FollowupTask.id, CallAttempt.id)
        .execution_options(yield_per=1000)
    )
    for task, attempt in session.execute(stmt):
        yield {
            "task_id": task.id,
            "status": task.status,
            "customer_id": task.customer_id,
            "customer_name": task.customer.name or "",
            "ticket_id": task.response.survey.ticket.external_id,
            "opened_at": _iso(task.opened_at),
            "closed_at": _iso(task.closed_at),
            "escalated": task.escalated,
            "assignee": task.assignee.email if task.assignee else "",
            "attempt_at": _iso(attempt.created_at) if attempt else "",
            "outcome": attempt.outcome if attempt else "",
            "note": attempt.note if attempt else "",
            "by": attempt.user.email if attempt and attempt.user else "",
            "verdict": attempt.verdict if attempt else "",
            "topic": attempt.topic if attempt else "",
        }


def call_rows(session: Session, since: datetime, until: datetime) -> Iterator[dict]:
    """One row per call attempt made in the period, for a manager checking who called whom."""
    stmt = (
        select(CallAttempt)
        .options(
            joinedload(CallAttempt.user),
            joinedload(CallAttempt.task).joinedload(FollowupTask.customer),
            joinedload(CallAttempt.task)
            .joinedload(FollowupTask.response)
            .joinedload(Response.survey)
            .joinedload(Survey.ticket),
        )
        .where(CallAttempt.created_at >= since, CallAttempt.created_at < until)
        .order_by(CallAttempt.id)
        .execution_options(yield_per=1000)
    )
    for attempt in session.scalars(stmt):
        task = attempt.task
        yield {
            "call_id": attempt.id,
            "called_at": _iso(attempt.created_at),
            "task_id": task.id,
            "task_status": task.status,
            "customer_id": task.customer_id,
            "customer_name": task.customer.name or "",
            "customer_phone": task.customer.phone or "",
            "ticket_id": task.response.survey.ticket.external_id,
            "outcome": attempt.outcome,
            "note": attempt.note,
            "callback_at": _iso(attempt.callback_at),
            "by": attempt.user.email if attempt.user else "",
            "verdict": attempt.verdict,
            "topic": attempt.topic,
        }


def _cell(value) -> str:
    if isinstance(value, list):
        value = "; ".join(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def as_csv(rows: Iterator[dict], columns: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in columns])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
