"""The manager's phone as a workstation: texting back to a call-back reminder logs the call.

Morgan (New York) gets the reminder about Jane Doe (Chicago) on Monday 2026-11-23 at 15:00 UTC
and answers it by SMS; every reply is confirmed in the TwiML answer.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.extensions import db
from devtools.fake_twilio import DEMO_AUTH_TOKEN
from followup.models import CallAttempt, FollowupTask
from survey.models import Response
from tests.support.followup_steps import add_manager, run_tick, text_in, texts_to, unhappy_jane

MORGAN = "+15550001111"
JANE = "+15551234567"
HELP = "Reply 1 = no answer, 2 = voicemail, R and what was said = reached (closes the task)."


@pytest.fixture
def app(app):
    app.config["TWILIO_AUTH_TOKEN"] = DEMO_AUTH_TOKEN
    return app


def reminded(app, clock, twilio, phone: str = MORGAN) -> None:
    add_manager(app, clock, "morgan@example.com", phone)
    unhappy_jane(app, clock)
    run_tick(app)
    assert any(body.startswith("Call back Jane Doe") for body in texts_to(twilio, phone))


def logged(app) -> list[tuple[str, str, bool, str]]:
    with app.app_context():
        rows = db.session.scalars(select(CallAttempt).order_by(CallAttempt.id)).all()
        return [(a.outcome, a.note, a.verified, a.user.email) for a in rows]


def test_the_reminder_says_how_to_reply_and_carries_the_call_link(app, clock, twilio):
    reminded(app, clock, twilio)
    [reminder] = texts_to(twilio, MORGAN)
    assert "http://survey.test/followups/1/call" in reminder
    assert "Reply 1 no answer, 2 voicemail, R + what was said if reached." in reminder


@pytest.mark.parametrize(
    ("body", "outcome"),
    [("1", "no_answer"), ("no answer", "no_answer"), ("2", "voicemail"), ("Voicemail", "voicemail")],
)
def test_one_or_two_logs_a_failed_try_and_confirms_the_next_one(app, clock, twilio, body, outcome):
    reminded(app, clock, twilio)
    answer = text_in(app, MORGAN, body)
    shown = outcome.replace("_", " ")
    assert answer == f"Logged: {shown} for Jane Doe; next try Mon 11:00 their time."  # 2h later, Chicago
    assert logged(app) == [(outcome, "", False, "morgan@example.com")]


def test_r_with_a_note_closes_the_task(app, clock, twilio):
    reminded(app, clock, twilio)
    assert (
        text_in(app, MORGAN, "R Spoke to Jane, replacement sent")
        == "Logged: reached Jane Doe; the task is closed."
    )
    assert logged(app) == [("reached", "Spoke to Jane, replacement sent", False, "morgan@example.com")]
    with app.app_context():
        assert db.session.scalar(select(FollowupTask.status)) == "closed"

    again = text_in(app, MORGAN, "1")
    assert again == "Jane Doe's follow-up is already closed; nothing was logged."
    assert len(logged(app)) == 1


@pytest.mark.parametrize("body", ["R", "what?", "3", "STOP please"])
def test_anything_else_gets_the_help_text_and_logs_nothing(app, clock, twilio, body):
    reminded(app, clock, twilio)
    assert text_in(app, MORGAN, body) == f"For Jane Doe: {HELP}"
    assert logged(app) == []


def test_a_user_with_no_reminder_yet_is_told_so(app, clock):
    add_manager(app, clock, "morgan@example.com", MORGAN)
    assert text_in(app, MORGAN, "1") == f"No call-back reminder to answer yet. {HELP}"


def test_a_number_that_is_both_a_users_and_a_customers_is_the_users(app, clock, twilio):
    reminded(app, clock, twilio, phone=JANE)  # the manager's phone is also on Jane's customer file
    with app.app_context():
        before = db.session.scalars(select(Response.rating)).all()
    assert text_in(app, JANE, "2 still broken") == f"For Jane Doe: {HELP}"  # not read as a rating
    with app.app_context():
        assert db.session.scalars(select(Response.rating)).all() == before
    assert text_in(app, JANE, "2").startswith("Logged: voicemail for Jane Doe")


def test_a_customers_reply_is_still_an_answer(app, clock, twilio):
    reminded(app, clock, twilio)
    answer = text_in(app, JANE, "4 works now")
    assert answer.startswith("Thank you! We have your answer")
    assert logged(app) == []
