"""Call-back reminders and escalation notices: what the manager's phone receives, and when.

Jane answers unhappily on Monday 2026-11-23 at 15:00 UTC (09:00 in her Chicago), so her first
call is due at once. Each test runs the worker's tick with a FixedClock it moves by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from core.extensions import db
from followup.attempts import log_attempt
from followup.models import FollowupTask
from followup.tasks import policy_from_config
from tests.support.followup_steps import add_manager, run_tick, texts_to, unhappy_jane

MORGAN, BOSS = "+15550001111", "+15550002222"
EMAIL_JANE = "Call back Jane Doe (ticket T-1001), try {n} of 5, +15551234567: http://survey.test/followups/1"
# The SMS opens the Call button and says how to log the call by texting back.
CALL_JANE = EMAIL_JANE + "/call Reply 1 no answer, 2 voicemail, R + what was said if reached."


def fail_a_call(app, clock) -> datetime:
    with app.app_context():
        task = db.session.scalar(select(FollowupTask))
        log_attempt(
            db.session,
            task,
            user=None,
            outcome="no_answer",
            note="",
            callback_at=None,
            policy=policy_from_config(app.config),
            default_tz="UTC",
            now=clock.now(),
        )
        db.session.commit()
        return task.next_attempt_at


def test_manager_gets_one_sms_per_due_try(app, clock, twilio):
    add_manager(app, clock, "morgan@example.com", MORGAN)
    unhappy_jane(app, clock)

    run_tick(app)
    run_tick(app)
    assert texts_to(twilio, MORGAN) == [CALL_JANE.format(n=1)]

    next_try = fail_a_call(app, clock)
    run_tick(app)
    assert len(texts_to(twilio, MORGAN)) == 1  # the next try is not due yet
    clock.advance(seconds=(next_try - clock.now()).total_seconds())
    run_tick(app)
    run_tick(app)
    assert texts_to(twilio, MORGAN) == [CALL_JANE.format(n=1), CALL_JANE.format(n=2)]


def test_reminder_waits_for_the_managers_business_hours(app, clock, twilio):
    add_manager(app, clock, "morgan@example.com", MORGAN, timezone="Asia/Tokyo")  # 00:00 Tuesday there
    unhappy_jane(app, clock)

    run_tick(app)
    clock.advance(hours=8, minutes=59)  # 08:59 in Tokyo
    run_tick(app)
    assert texts_to(twilio, MORGAN) == []
    clock.advance(minutes=1)
    run_tick(app)
    assert texts_to(twilio, MORGAN) == [CALL_JANE.format(n=1)]


def test_reminder_held_overnight_is_dropped_when_the_call_was_made_meanwhile(app, clock, twilio):
    add_manager(app, clock, "morgan@example.com", MORGAN, timezone="Asia/Tokyo")
    unhappy_jane(app, clock)
    run_tick(app)  # reminder for try 1 queued for Tokyo's morning
    next_try = fail_a_call(app, clock)  # someone called at once anyway
    clock.advance(seconds=(next_try - clock.now()).total_seconds())
    run_tick(app)  # reminder for try 2 queued for the same morning

    clock.advance(seconds=(datetime(2026, 11, 24, 0, 0, tzinfo=UTC) - clock.now()).total_seconds())
    run_tick(app)
    assert texts_to(twilio, MORGAN) == [CALL_JANE.format(n=2)]


def test_unassigned_task_reminds_the_teams_default_manager(app, clock, twilio):
    unhappy_jane(app, clock)  # nobody could be assigned yet
    with app.app_context():
        assert db.session.scalar(select(FollowupTask)).assignee_id is None
    add_manager(app, clock, "morgan@example.com", MORGAN)

    run_tick(app)
    assert texts_to(twilio, MORGAN) == [CALL_JANE.format(n=1)]


def test_manager_without_a_phone_is_reminded_by_email(app, clock, smtp):
    add_manager(app, clock, "morgan@example.com", None)
    unhappy_jane(app, clock)

    run_tick(app)
    reminder = [m for m in smtp.messages if m["To"] == "morgan@example.com"]
    assert [m["Subject"] for m in reminder] == ["Call back Jane Doe"]
    assert reminder[0].get_content().strip() == EMAIL_JANE.format(n=1)


@pytest.mark.parametrize("contact", [None, "boss@example.com"])
def test_late_first_call_texts_the_escalation_contact(app, clock, twilio, contact):
    app.config["ESCALATION_EMAIL"] = contact
    add_manager(app, clock, "morgan@example.com", MORGAN)
    add_manager(app, clock, "boss@example.com", BOSS)
    unhappy_jane(app, clock)
    run_tick(app)

    clock.advance(hours=24)
    run_tick(app)
    run_tick(app)
    escalated = "Escalated: Jane Doe (ticket T-1001): no call within 24h. http://survey.test/followups/1"
    assert texts_to(twilio, BOSS if contact else MORGAN)[-1:] == [escalated]
    assert [m.body for m in twilio.messages].count(escalated) == 1
