"""Everything that happened with one customer, newest first, in one list a manager can scan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup.answer_reasons import explain
from followup.customer_file import tickets_of
from followup.models import CallAttempt, FollowupTask
from followup.profile import CustomerNote
from followup.retry_policy import EMAILED
from followup.touches import Touch
from notify.models import DEAD, SENT, OutboxMessage
from survey.models import InboundSms, Survey, Ticket

# What the customer was sent of their surveys (and what could not be sent), by channel.
_SURVEY_MESSAGES = (
    select(OutboxMessage, Ticket.external_id)
    .join(Survey, Survey.id == OutboxMessage.ref_id)
    .join(Ticket, Ticket.id == Survey.ticket_id)
    .where(
        OutboxMessage.kind.in_(("survey_invite", "survey_reminder")),
        OutboxMessage.status.in_((SENT, DEAD)),
    )
)


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str  # ticket|survey|answer|task|note|sms, or how we were in touch: call|email|visit
    text: str
    task_id: int | None = None


def timeline(session: Session, customer_id: int) -> list[Event]:
    events: list[Event] = []
    for row in tickets_of(session, customer_id):  # each ticket with its answer, in one query
        closed = f"{row.external_id} closed: {row.subject}"
        events.append(Event(row.closed_at or row.created_at, "ticket", closed))
        if row.response_id is None:
            continue
        text = f"rating {row.rating if row.rating is not None else '–'}"
        text += f": “{row.comment}”" if row.comment else ""
        if row.unhappy is not None:  # worded as on the task page: each reason once, for the verdict
            explained = explain(row.unhappy, row.unhappiness, row.reasons)
            text += f" ({explained.verdict}, {explained.strength}"
            text += f": {'; '.join(explained.reasons)})" if explained.reasons else ")"
        events.append(Event(row.answered_at, "answer", text))
    for message, ticket in session.execute(_SURVEY_MESSAGES.where(Survey.customer_id == customer_id)):
        what = "reminder" if message.kind == "survey_reminder" else "survey"
        channel = "SMS" if message.channel == "sms" else message.channel
        if message.status == SENT:
            text = f"{what} for {ticket} sent by {channel} to {message.recipient}"
            text += f" ({message.provider_status})" if message.provider_status else ""
            events.append(Event(message.sent_at, "survey", text))
        else:
            text = f"{what} for {ticket} could not be sent by {channel} to {message.recipient}"
            events.append(Event(message.created_at, "survey", text + f": {message.last_error or 'failed'}"))
    for task in session.scalars(select(FollowupTask).where(FollowupTask.customer_id == customer_id)):
        events.append(Event(task.opened_at, "task", f"follow-up #{task.id} opened", task.id))
        if task.closed_at:
            events.append(
                Event(task.closed_at, "task", f"follow-up #{task.id} closed: customer reached", task.id)
            )
    attempts = session.scalars(
        select(CallAttempt).join(FollowupTask).where(FollowupTask.customer_id == customer_id)
    )
    # Calls logged on a follow-up and touches logged by hand are one history: each says how
    # we were in touch (call, email, visit) and what came of it.
    for attempt in attempts:
        text = attempt.outcome.replace("_", " ") + (f": {attempt.note[:300]}" if attempt.note else "")
        kind = "email" if attempt.outcome == EMAILED else "call"
        events.append(Event(attempt.created_at, kind, text, attempt.task_id))
    for note in session.scalars(select(CustomerNote).where(CustomerNote.customer_id == customer_id)):
        events.append(Event(note.created_at, "note", note.body))
    for text in session.scalars(select(InboundSms).where(InboundSms.customer_id == customer_id)):
        events.append(Event(text.received_at, "sms", f"texted (no open survey): {text.body}"))
    for touch in session.scalars(select(Touch).where(Touch.customer_id == customer_id)):
        text = "logged by hand" + (f": {touch.note}" if touch.note else "")
        events.append(Event(touch.created_at, touch.kind, text))
    return sorted(events, key=lambda event: event.at, reverse=True)
