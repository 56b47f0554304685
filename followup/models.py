"""The follow-up side's records: managers, tasks, every call attempt and an audit trail."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.types import UTCDateTime
from survey.models import Customer, Response

OPEN, CLOSED = "open", "closed"


UNWRITTEN = "outcome = 'reached' AND verified IS true AND note = ''"


def partial_index(name: str, *columns: str, where: str, **options) -> Index:
    """An index of only the rows matching `where`, the same on SQLite and PostgreSQL."""
    return Index(name, *columns, sqlite_where=text(where), postgresql_where=text(where), **options)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(10), default="manager")  # manager|agent
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # How call-back reminders and escalations reach them: sms (email without a phone), email, both.
    reminders: Mapped[str] = mapped_column(String(5), default="sms", server_default="sms")
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    # The server-side session this user was loaded through (followup/sessions.py); not a column.
    session_token = None

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sessions of deactivated users
        return self.active

    def get_id(self) -> str | None:
        """What Flask-Login keeps in the cookie: the session's id, never the user's."""
        return self.session_token


class FollowupTask(db.Model):
    __tablename__ = "followup_tasks"
    __table_args__ = (
        # At most one open task per customer: a second unhappy answer joins the open one.
        partial_index(
            "uq_followup_tasks_open_customer",
            "customer_id",
            unique=True,
            where="status = 'open'",
        ),
        # The queue's orders (followup/queue.py), so a page is read off an index without a sort.
        Index("ix_followup_tasks_queue", "status", "next_attempt_at", "id"),
        Index("ix_followup_tasks_closed", "status", "closed_at", "id"),
        # The dashboard's call figures for a period come off this index alone (followup/call_spread.py).
        Index(
            "ix_followup_tasks_opened",
            "opened_at",
            postgresql_include=["assignee_id", "first_called_at", "reached_at"],
        ),
        # The worker's scans (followup/reminders.py) read only the open tasks they act on, in batches.
        partial_index(
            "ix_followup_tasks_first_call_due",
            "first_call_deadline",
            "id",
            where="status = 'open' AND NOT escalated AND failed_attempts = 0",
        ),
        partial_index(
            "ix_followup_tasks_escalation_unsent",
            "id",
            where="status = 'open' AND escalated AND NOT escalation_notified",
        ),
        # An agent's lists (followup/visibility.py): the tasks of their tickets, found by the
        # ticket's agent kept on the task, not by a walk of every task and its ticket.
        Index("ix_followup_tasks_agent", "agent_email", "status"),
        # "Open now" per assignee, counted off an index of the open tasks only.
        partial_index(
            "ix_followup_tasks_open_assignee",
            "assignee_id",
            "escalated",
            where="status = 'open'",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The email of the ticket's agent, copied when the task opens (a ticket with an answered
    # survey is never updated again, so the copy cannot go stale).
    agent_email: Mapped[str | None] = mapped_column(String(320))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_call_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    escalated: Mapped[bool] = mapped_column(default=False)
    escalation_reason: Mapped[str | None] = mapped_column(String(200))
    contact_flagged: Mapped[bool] = mapped_column(default=False)
    # The due time a call-back reminder was already queued for, and whether the escalation
    # contact was told: the worker's scans skip what they already did.
    reminded_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalation_notified: Mapped[bool] = mapped_column(default=False)
    # When the first attempt was logged and the attempt that reached the customer, kept by
    # followup/attempts.py beside the attempts themselves: the dashboard's waits without a
    # GROUP BY over every attempt of the period.
    first_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    customer: Mapped[Customer] = relationship()
    response: Mapped[Response] = relationship()
    assignee: Mapped[User | None] = relationship()
    attempts: Mapped[list[CallAttempt]] = relationship(back_populates="task", order_by="CallAttempt.id")
    events: Mapped[list[TaskEvent]] = relationship(order_by="TaskEvent.id")


class CallAttempt(db.Model):
    __tablename__ = "call_attempts"
    __table_args__ = (
        # The calls export's period, and the dashboard's reaches of a period with their proof.
        Index("ix_call_attempts_created_at", "created_at"),
        partial_index(
            "ix_call_attempts_reached",
            "created_at",
            postgresql_include=["verified", "talk_seconds"],
            where="outcome = 'reached'",
        ),
        # The dashboard's quality section reads the calls with a verdict, and those of a period
        # with a topic: a few among millions of calls, found without reading the rest.
        partial_index(
            "ix_call_attempts_verdict",
            "id",
            where="verdict IS NOT NULL",
        ),
        partial_index(
            "ix_call_attempts_topic",
            "created_at",
            where="topic IS NOT NULL",
        ),
        # "Calls that need a note": the latest verified reaches nobody wrote up yet, a handful
        # among millions of calls, read newest first without a scan.
        partial_index(
            "ix_call_attempts_unwritten",
            "created_at",
            "id",
            where=UNWRITTEN,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("followup_tasks.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    callback_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Logged by a call placed through the app (Twilio's report is the proof), not by a person.
    verified: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    talk_seconds: Mapped[int | None] = mapped_column()
    # What the call taught about the assessment (followup/verdicts.py): reached attempts only.
    verdict: Mapped[str | None] = mapped_column(String(12))  # unhappy|false_alarm|partly
    topic: Mapped[str | None] = mapped_column(String(40))  # a key of the team's topic list

    task: Mapped[FollowupTask] = relationship(back_populates="attempts")
    user: Mapped[User | None] = relationship()


class TaskEvent(db.Model):
    """Audit trail: who changed a task, when, and how."""

    __tablename__ = "task_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("followup_tasks.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))  # opened|answer|attempt|escalated|closed|...
    detail: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()
