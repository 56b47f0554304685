"""The managers' outbox page: dead letters with their reason, and a CSRF-checked "send again"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.extensions import db
from followup.users import create_user
from notify.models import DEAD, PENDING, OutboxMessage
from notify.outbox import enqueue
from tests.support.html import csrf_token, text

PASSWORD = "correct horse battery"


def add_user(app, clock, email: str, role: str = "manager") -> None:
    with app.app_context():
        create_user(
            db.session, email=email, name=email.split("@")[0], password=PASSWORD, now=clock.now(), role=role
        )
        db.session.commit()


def log_in(client, email: str) -> None:
    page = client.get("/login")
    token = csrf_token(page.text) if "csrf_token" in page.text else ""
    answer = client.post("/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert answer.status_code == 302, answer.status_code


def dead_letter(app, clock, reason: str = "smtp 550 on recipient") -> int:
    with app.app_context():
        enqueue(
            db.session,
            kind="survey_invite",
            ref_id=7,
            channel="email",
            recipient="jane@example.com",
            due_at=clock.now(),
            dedupe_key="survey:7:invite:email",
            now=clock.now(),
        )
        message = db.session.scalar(select(OutboxMessage))
        message.status, message.attempts, message.last_error = DEAD, 1, reason
        db.session.commit()
        return message.id


def status_of(app, message_id: int) -> str:
    with app.app_context():
        return db.session.get(OutboxMessage, message_id).status


def test_manager_sees_dead_letter_with_reason_and_sends_it_again(app, client, clock):
    add_user(app, clock, "boss@example.com")
    message_id = dead_letter(app, clock)
    log_in(client, "boss@example.com")

    page = text(client.get("/outbox").text)
    assert "smtp 550 on recipient" in page and "jane@example.com" in page and "Send again" in page

    answer = client.post(f"/outbox/{message_id}/retry")
    assert (answer.status_code, answer.headers["Location"]) == (303, "/outbox")
    assert status_of(app, message_id) == PENDING
    assert f"Message {message_id} is queued again" in text(client.get("/outbox").text)


def test_outbox_page_needs_a_login(client):
    answer = client.get("/outbox")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")


def test_agents_may_not_see_or_retry(app, client, clock):
    add_user(app, clock, "agent@example.com", role="agent")
    message_id = dead_letter(app, clock)
    log_in(client, "agent@example.com")

    assert client.get("/outbox").status_code == 403
    assert client.post(f"/outbox/{message_id}/retry").status_code == 403
    assert status_of(app, message_id) == DEAD


@pytest.fixture
def csrf_app(make_app):
    return make_app()  # CSRF on, as in production


def test_retry_without_the_form_token_is_refused(csrf_app, clock):
    add_user(csrf_app, clock, "boss@example.com")
    message_id = dead_letter(csrf_app, clock)
    client = csrf_app.test_client()
    log_in(client, "boss@example.com")

    assert client.post(f"/outbox/{message_id}/retry").status_code == 400
    assert status_of(csrf_app, message_id) == DEAD

    token = csrf_token(client.get("/outbox").text)
    assert client.post(f"/outbox/{message_id}/retry", data={"csrf_token": token}).status_code == 303
    assert status_of(csrf_app, message_id) == PENDING
