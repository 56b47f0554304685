"""Telling the manager: an SMS when a call-back falls due, and one when a task escalates.

Each is an outbox row keyed by the task and its due time, so several workers scanning at once
still queue one reminder per due time. Both wait for business hours in the recipient's own time
zone (nobody wants a 3 a.m. text about a call that can only be made at 9). They go the way the
user's profile asks (SMS, email or both); SMS without a phone or without SMS configured goes by
email instead.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from followup.attempts import escalate
from followup.business_hours import BusinessHours, next_open, valid_timezone
from followup.models import OPEN, FollowupTask, User
from followup.outbox_subjects import describe_tasks
from followup.tasks import default_assignee
from notify.kinds import Kind, Registry
from notify.mail import EmailMessage
from notify.models import OutboxMessage
from notify.outbox import enqueue

CALLBACK, ESCALATION = "callback_reminder", "escalation"


def routes(user: User | None, sms_enabled: bool) -> list[tuple[str, str]]:
    """(channel, address) pairs the user's reminders go to, as their profile asks: by SMS (by
    email while they have no phone or SMS is off), by email, or both."""
    if user is None:
        return []
    sms = [("sms", user.phone)] if user.phone and sms_enabled else []
    email = [("email", user.email)]
    if user.reminders == "email":
        return email
    if user.reminders == "both":
        return sms + email
    return sms or email


def _manager(session: Session, task: FollowupTask) -> User | None:
    """The assignee while they can still log in, else whoever the team's default is."""
    if task.assignee is not None and task.assignee.active:
        return task.assignee
    return default_assignee(session, None)


def _queue(session, kind, task, user, key, now, hours, default_tz, sms_enabled) -> None:
    """One row per channel; the first keeps the key as it always was, a second one is marked
    with its channel before the first colon (the due time after it is read back by _still_due)."""
    for n, (channel, recipient) in enumerate(routes(user, sms_enabled)):
        prefix, rest = key.split(":", 1)
        enqueue(
            session,
            kind=kind,
            ref_id=task.id,
            channel=channel,
            recipient=recipient,
            due_at=next_open(now, valid_timezone(user.timezone, default_tz), hours),
            dedupe_key=key if n == 0 else f"{prefix}/{channel}:{rest}",
            now=now,
        )


def queue_callback_reminders(
    session: Session,
    now: datetime,
    hours: BusinessHours,
    default_tz: str,
    sms_enabled: bool,
    limit: int = 500,
) -> int:
    tasks = session.scalars(
        select(FollowupTask)
        .where(
            FollowupTask.status == OPEN,
            FollowupTask.next_attempt_at <= now,
            or_(
                FollowupTask.reminded_for.is_(None), FollowupTask.reminded_for != FollowupTask.next_attempt_at
            ),
        )
        .order_by(FollowupTask.next_attempt_at, FollowupTask.id)
        .limit(limit)
    ).all()
    for task in tasks:
        key = f"callback:{task.id}:{task.next_attempt_at.isoformat()}"
        _queue(session, CALLBACK, task, _manager(session, task), key, now, hours, default_tz, sms_enabled)
        task.reminded_for = task.next_attempt_at
    return len(tasks)


def escalate_late_first_calls(
    session: Session, now: datetime, first_call_hours: float, limit: int = 500
) -> int:
    late = session.scalars(
        select(FollowupTask)
        .where(
            FollowupTask.status == OPEN,
            FollowupTask.escalated.is_(False),
            FollowupTask.failed_attempts == 0,
            FollowupTask.first_call_deadline <= now,
        )
        .order_by(FollowupTask.first_call_deadline, FollowupTask.id)
        .limit(limit)
    ).all()
    for task in late:
        escalate(session, task, f"no call within {first_call_hours:g}h", now)
    return len(late)


def queue_escalation_notices(
    session: Session,
    now: datetime,
    contact: User | None,
    hours: BusinessHours,
    default_tz: str,
    sms_enabled: bool,
    limit: int = 500,
) -> int:
    """Tell ESCALATION_EMAIL's user, or else the task's manager, once per escalated task."""
    tasks = session.scalars(
        select(FollowupTask)
        .where(
            FollowupTask.status == OPEN,
            FollowupTask.escalated.is_(True),
            FollowupTask.escalation_notified.is_(False),
        )
        .order_by(FollowupTask.id)
        .limit(limit)
    ).all()
    for task in tasks:
        user = contact or _manager(session, task)
        _queue(session, ESCALATION, task, user, f"escalation:{task.id}", now, hours, default_tz, sms_enabled)
        task.escalation_notified = True
    return len(tasks)


def _still_due(task: FollowupTask, message: OutboxMessage) -> bool:
    """A call-back reminder is for one due time; once a call was logged it would mislead."""
    due = message.dedupe_key.split(":", 2)[2]
    return task.next_attempt_at is not None and task.next_attempt_at.isoformat() == due


def register(registry: Registry, base_url: str, max_attempts: int, sender: str) -> None:
    def render(session: Session, message: OutboxMessage) -> EmailMessage | str | None:
        task = session.get(FollowupTask, message.ref_id)
        if task is None or task.status != OPEN:
            return None
        if message.kind == CALLBACK and not _still_due(task, message):
            return None
        customer, ticket = task.customer, task.response.survey.ticket
        link = f"{base_url}/followups/{task.id}"
        who = customer.name or customer.email or "customer"
        if message.kind == ESCALATION:
            text = f"Escalated: {who} (ticket {ticket.external_id}): {task.escalation_reason}. {link}"
        else:
            text = (
                f"Call back {who} (ticket {ticket.external_id}), try {task.failed_attempts + 1} of "
                f"{max_attempts}, {customer.phone or 'no phone'}: {link}"
            )
        if message.channel == "sms" and message.kind == CALLBACK:
            # The link opens the Call button; a text back logs the call (followup/sms_commands.py).
            return f"{text}/call Reply 1 no answer, 2 voicemail, R + what was said if reached."
        if message.channel == "sms":
            return text
        subject = "Escalated follow-up" if message.kind == ESCALATION else f"Call back {who}"
        return EmailMessage(to=message.recipient, subject=subject, text=text, sender=sender)

    for name in (CALLBACK, ESCALATION):
        registry.add(name, Kind(render=render, describe=describe_tasks))
