"""Emailing a customer the team cannot call: a personal message from the manager, by the outbox.

A customer who gave no phone number would otherwise be a dead end in the call-back queue. The
manager writes to them instead; the message goes out from the team's address under the
manager's name, with the manager's own address as Reply-To so the answer reaches a person.
It counts as an attempt (`emailed`), so the task moves on exactly as after an unanswered call.
The attempt's note holds the message, which is what the customer received.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import formataddr, parseaddr

from sqlalchemy.orm import Session

from followup.attempts import log_attempt
from followup.models import CallAttempt, FollowupTask, User
from followup.outbox_subjects import describe_attempts
from followup.retry_policy import EMAILED, AttemptError, RetryPolicy
from notify.kinds import Kind, Registry
from notify.mail import EmailMessage
from notify.models import OutboxMessage
from notify.outbox import enqueue

KIND = "customer_email"


def draft(task: FollowupTask, manager: User) -> str:
    """A starting point the manager edits: warm, short, and asking for a way to talk."""
    first = (task.customer.name or "").split(" ")[0] or "there"
    subject = task.response.survey.ticket.subject or "your recent request"
    return (
        f"Hi {first},\n\n"
        f"Thank you for telling us how things went with {subject}. I'm sorry it wasn't what you "
        "expected, and I'd like to put it right.\n\n"
        "Could you reply with what would help most, or a number and a good time to call you?\n\n"
        f"{manager.name}"
    )


def subject_of(task: FollowupTask) -> str:
    ticket = task.response.survey.ticket
    return f"About your request: {ticket.subject or ticket.external_id}"[:200]


def email_customer(
    session: Session,
    task: FollowupTask,
    *,
    user: User,
    body: str,
    policy: RetryPolicy,
    default_tz: str,
    now: datetime,
) -> CallAttempt:
    """Queue the message and log it as an `emailed` attempt, in the caller's transaction."""
    if not task.customer.email:
        raise AttemptError("body", "this customer has no email address")
    attempt = log_attempt(
        session,
        task,
        user=user,
        outcome=EMAILED,
        note=body,
        callback_at=None,
        policy=policy,
        default_tz=default_tz,
        now=now,
    )
    enqueue(
        session,
        kind=KIND,
        ref_id=attempt.id,
        channel="email",
        recipient=task.customer.email,
        due_at=now,
        dedupe_key=f"{KIND}:{attempt.id}",
        now=now,
    )
    return attempt


def register(registry: Registry, sender: str) -> None:
    def render(session: Session, message: OutboxMessage) -> EmailMessage | None:
        attempt = session.get(CallAttempt, message.ref_id)
        if attempt is None or attempt.user is None:
            return None
        manager = attempt.user
        return EmailMessage(
            to=message.recipient,
            subject=subject_of(attempt.task),
            text=attempt.note + "\n",
            sender=formataddr((manager.name, parseaddr(sender)[1])),
            headers={"Reply-To": formataddr((manager.name, manager.email))},
        )

    registry.add(KIND, Kind(render=render, describe=describe_attempts))
