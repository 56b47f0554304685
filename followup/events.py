"""Telling the ticket system what happened: an answer came in, a task opened, a task closed.

Each event is an outbox row like any message, so it is retried and never lost; its payload is
built when it is sent, from the rows it names. Nothing is queued unless OUTBOUND_WEBHOOK_URL
is set.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy.orm import Session

from followup.api_schemas import TaskOut
from followup.models import FollowupTask
from followup.outbox_subjects import describe_answers, describe_tasks
from notify.kinds import Kind, Registry
from notify.models import OutboxMessage
from notify.outbox import enqueue
from survey.models import Assessment, Response
from survey.signals import response_assessed

TASK_EVENTS = ("task.opened", "task.closed")


def emit(session: Session, event: str, ref_id: int, key: str, now: datetime) -> None:
    url = current_app.config.get("OUTBOUND_WEBHOOK_URL")
    if not url:
        return
    enqueue(
        session, kind=f"event.{event}", ref_id=ref_id, channel="webhook", recipient=url[:320],
        due_at=now, dedupe_key=f"event:{event}:{key}", now=now,
    )  # fmt: skip


@response_assessed.connect
def _on_answer(response: Response, *, assessment: Assessment, session: Session, now: datetime):
    emit(session, "survey.answered", response.id, f"{response.id}:{now.timestamp()}", now)


def _answer(response: Response) -> dict:
    ticket, assessment = response.survey.ticket, response.assessment
    return {
        "survey_id": response.survey_id,
        "ticket": {"id": ticket.external_id, "source": ticket.source},
        "customer": {"id": ticket.customer.external_id, "email": ticket.customer.email},
        "rating": response.rating,
        "comment": response.comment,
        "unhappy": assessment.unhappy if assessment else None,
        "reasons": list(assessment.reasons) if assessment else [],
    }


def register(registry: Registry) -> None:
    from notify.webhook import Event

    def answer(session: Session, message: OutboxMessage) -> Event | None:
        response = session.get(Response, message.ref_id)
        return Event("survey.answered", _answer(response)) if response else None

    def task(session: Session, message: OutboxMessage) -> Event | None:
        found = session.get(FollowupTask, message.ref_id)
        return Event(message.kind.removeprefix("event."), TaskOut().dump(found)) if found else None

    registry.add("event.survey.answered", Kind(render=answer, describe=describe_answers))
    for name in TASK_EVENTS:
        registry.add(f"event.{name}", Kind(render=task, describe=describe_tasks))
