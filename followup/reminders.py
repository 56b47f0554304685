"""Telling the manager: an SMS when a call-back falls due, and one when a task escalates.

Each is an outbox row keyed by the task and its due time, so several workers scanning at once
still queue one reminder per due time. Reminders wait for business hours in the manager's own
time zone; without a phone or without SMS configured they go by email instead.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from followup.attempts import escalate
from followup.business_hours import BusinessHours, next_open, valid_timezone
from followup.models import OPEN, FollowupTask, User
from followup.tasks import default_assignee
from notify.delivery import Kind, Registry
from notify.mail import EmailMessage
from notify.models import OutboxMessage
from notify.outbox import enqueue


def _route(user: User | None, sms_enabled: bool) -> tuple[str, str] | None:
    if user is None:
        return None
    if user.phone and sms_enabled:
        return "sms", user.phone
    return "email", user.email


def queue_callback_reminders(session, now, hours: BusinessHours, default_tz: str, sms_enabled: bool, limit=500) -> int:
    tasks = session.scalars(
        select(FollowupTask)
        .where(
            FollowupTask.status == OPEN,
            FollowupTask.next_attempt_at <= now,
            or_(FollowupTask.reminded_for.is_(None), FollowupTask.reminded_for != FollowupTask.next_attempt_at),
        )
        .order_by(FollowupTask.next_attempt_at)
        .limit(limit)
    ).all()
    for task in tasks:
        manager = task.assignee or default_assignee(session, None)
        route = _route(manager, sms_enabled)
        if route is not None:
            channel, recipient = route
            enqueue(
                session,
                kind="callback_reminder",
                ref_id=task.id,
                channel=channel,
                recipient=recipient,
                due_at=next_open(now, valid_timezone(manager.timezone, default_tz), hours),
                dedupe_key=f"callback:{task.id}:{task.next_attempt_at.isoformat()}",
                now=now,
            )
        task.reminded_for = task.next_attempt_at
    return len(tasks)


def escalate_late_first_calls(session: Session, now: datetime, first_call_hours: float) -> int:
    late = session.scalars(
        select(FollowupTask).where(
            FollowupTask.status == OPEN,
            FollowupTask.escalated.is_(False),
            FollowupTask.failed_attempts == 0,
            FollowupTask.first_call_deadline <= now,
        )
    ).all()
    for task in late:
        escalate(session, task, f"no call within {first_call_hours:g}h", now)
    return len(late)


def queue_escalation_notices(session, now, escalation_contact: User | None, sms_enabled: bool) -> int:
    tasks = session.scalars(
        select(FollowupTask).where(
            FollowupTask.status == OPEN,
            FollowupTask.escalated.is_(True),
            FollowupTask.escalation_notified.is_(False),
        )
    ).all()
    for task in tasks:
        route = _route(escalation_contact or task.assignee, sms_enabled)
        if route is not None:
            enqueue(
                session,
                kind="escalation",
                ref_id=task.id,
                channel=route[0],
                recipient=route[1],
                due_at=now,
                dedupe_key=f"escalation:{task.id}",
                now=now,
            )
        task.escalation_notified = True
    return len(tasks)


def register(registry: Registry, base_url: str, max_attempts: int, sender: str) -> None:
    def render(session: Session, message: OutboxMessage) -> EmailMessage | str | None:
        task = session.get(FollowupTask, message.ref_id)
        if task is None or task.status != OPEN:
            return None
        customer, ticket = task.customer, task.response.survey.ticket
        link = f"{base_url}/followups/{task.id}"
        who = customer.name or customer.email or "customer"
        if message.kind == "escalation":
            text = f"Escalated: {who} (ticket {ticket.external_id}): {task.escalation_reason}. {link}"
        else:
            text = (
                f"Call back {who} (ticket {ticket.external_id}), try {task.failed_attempts + 1} of "
                f"{max_attempts}, {customer.phone or 'no phone'}: {link}"
            )
        if message.channel == "sms":
            return text
        subject = "Escalated follow-up" if message.kind == "escalation" else f"Call back {who}"
        return EmailMessage(to=message.recipient, subject=subject, text=text, html=None, headers={}, sender=sender)

    for name in ("callback_reminder", "escalation"):
        registry.add(name, Kind(render=render))
