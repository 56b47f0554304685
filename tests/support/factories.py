"""Factories: the rows a test needs, made through the real services where it matters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from core.extensions import db
from followup.api_tokens import issue_token
from followup.models import FollowupTask, User
from followup.users import create_user
from survey.intake.events import Agent, CustomerInfo, TicketClosed
from survey.intake.service import IntakeSettings, handle
from survey.models import Customer, Response, Survey
from survey.responses import record_answer

_numbers = count(1)
SETTINGS = IntakeSettings(
    secret_key="k" * 32, delay_minutes=0, throttle_days=0, expiry_days=28, sms_enabled=False
)


def user(now, email: str | None = None, role: str = "manager", **extra) -> User:
    n = next(_numbers)
    return create_user(
        db.session,
        email=email or f"user{n}@example.com",
        name=extra.pop("name", f"User {n}"),
        password="correct horse battery",
        role=role,
        now=now,
        **extra,
    )


def survey(now, customer_id: str | None = None, agent_email: str | None = None, **customer) -> Survey:
    n = next(_numbers)
    info = dict(
        external_id=customer_id or f"C-{n}",
        name=f"Customer {n}",
        email=f"c{n}@example.com",
        timezone="America/Chicago",
    )
    info.update(customer)
    event = TicketClosed(
        source="generic",
        ticket_id=f"T-{n}",
        subject=f"Subject {n}",
        status="closed",
        closed_at=now,
        customer=CustomerInfo(**info),
        agent=Agent(name="Sam Lee", email=agent_email),
    )
    outcome = handle(
        db.session, source="generic", delivery_id=f"d-{n}", event=event, settings=SETTINGS, now=now
    )
    assert outcome.status == "scheduled", outcome
    return db.session.get(Survey, outcome.survey_id)


def customer(now, **fields) -> Customer:
    """A customer with no ticket yet: enough for the customers list, and quick by the hundred."""
    n = next(_numbers)
    values = dict(source="generic", external_id=f"C-{n}", name=f"Customer {n}", email=f"c{n}@example.com")
    row = Customer(**{**values, **fields}, created_at=now, updated_at=now)
    db.session.add(row)
    db.session.flush()
    return row


def answer(now, rating: int | None, comment: str = "", **customer) -> Response:
    """An answer given at `now` to a survey sent a minute before, assessed and (if unhappy) tasked."""
    answered = survey(now - timedelta(minutes=1), **customer)
    return record_answer(db.session, answered, rating=rating, comment=comment, channel="web", now=now)


def unhappy_task(now, rating: int = 1, comment: str = "Still broken.", **customer) -> FollowupTask:
    answered = survey(now, **customer)
    record_answer(
        db.session, answered, rating=rating, comment=comment, channel="web", now=now + timedelta(minutes=5)
    )
    db.session.commit()
    return db.session.query(FollowupTask).filter_by(response_id=answered.response.id).one()


PASSWORD = "correct horse battery"


def api_token(user: User, now=None, expires_at=None) -> str:
    """A bearer token for `user`, as `users token` issues it (issued now unless told when)."""
    return issue_token(db.session, user, now or datetime.now(UTC), expires_at)


def log_in(client, email: str):
    """Log a test client in (apps built with WTF_CSRF_ENABLED=False)."""
    return client.post("/login", data={"email": email, "password": PASSWORD})


def log_call(client, task_id: int, outcome: str, note: str = "", **more: str):
    """Log a call from the task page's form, as a manager does (apps built with WTF_CSRF_ENABLED=False)."""
    return client.post(f"/followups/{task_id}", data={"outcome": outcome, "note": note, **more})
