"""The survey side's timed work: one reminder to a silent customer, and closing old surveys."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from notify.outbox import enqueue
from survey.models import Customer, Survey


def queue_reminders(session: Session, now: datetime, reminder_hours: float, limit: int = 500) -> int:
    """Queue the one reminder for surveys sent long enough ago and still unanswered."""
    due = session.scalars(
        select(Survey)
        .join(Customer)
        .where(
            Survey.status == "sent",
            Survey.reminded_at.is_(None),
            Survey.sent_at <= now - timedelta(hours=reminder_hours),
            Survey.expires_at > now,
            Customer.opted_out_at.is_(None),
        )
        .order_by(Survey.sent_at)
        .limit(limit)
    ).all()
    for survey in due:
        for channel in survey.channels.split(","):
            recipient = survey.customer.email if channel == "email" else survey.customer.phone
            if recipient:
                enqueue(
                    session,
                    kind="survey_reminder",
                    ref_id=survey.id,
                    channel=channel,
                    recipient=recipient,
                    due_at=now,
                    dedupe_key=f"survey:{survey.id}:reminder:{channel}",
                    now=now,
                )
        survey.reminded_at = now
    return len(due)


def expire_surveys(session: Session, now: datetime) -> int:
    result = session.execute(
        update(Survey)
        .where(Survey.status.in_(("scheduled", "sent")), Survey.expires_at <= now)
        .values(status="expired")
    )
    return result.rowcount
