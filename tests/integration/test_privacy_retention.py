"""Retention: free text older than RETENTION_DAYS and sent messages' addresses older than
OUTBOX_KEEP_DAYS are blanked by the worker; what is younger, and every figure, stays."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from devtools.fake_twilio import DEMO_AUTH_TOKEN
from followup.attempts import log_attempt
from followup.models import CallAttempt
from followup.profile import CustomerNote, add_note
from followup.tasks import policy_from_config
from followup.touches import Touch, log_touch
from notify.models import OutboxMessage
from scheduler.jobs import apply_retention
from survey.models import Assessment, InboundSms, Response
from survey.twilio_receipts import TwilioReceipt
from tests.support import factories
from tests.support.twilio_hooks import text_in
from tests.support.webhooks import run_worker

STRANGER = "+15559876543"  # texts from a number with no survey are kept as they are


@pytest.fixture
def app(app):
    app.config["TWILIO_AUTH_TOKEN"] = DEMO_AUTH_TOKEN
    return app


def written(app, client, clock, manager, label: str) -> None:
    """An answer, a call note, a note, a touch note and a text, all written at clock.now()."""
    now = clock.now()
    task = factories.unhappy_task(now - timedelta(minutes=5), comment=f"{label}: the printer is still broken")
    log_attempt(
        db.session,
        task,
        user=manager,
        outcome="voicemail",
        note=f"{label} call note",
        callback_at=None,
        policy=policy_from_config(app.config),
        default_tz="UTC",
        now=now,
    )
    add_note(db.session, task.customer_id, f"{label} note", manager, now)
    log_touch(db.session, task.customer_id, "email", f"{label} touch", manager, now)
    db.session.commit()
    assert text_in(client, f"{label} text", STRANGER).status_code == 200


def kept_texts() -> dict[str, list[str]]:
    db.session.expire_all()
    return {
        "comments": sorted(db.session.scalars(select(Response.comment))),
        "call_notes": sorted(n for n in db.session.scalars(select(CallAttempt.note))),
        "notes": sorted(db.session.scalars(select(CustomerNote.body))),
        "touch_notes": sorted(db.session.scalars(select(Touch.note))),
        "texts": sorted(db.session.scalars(select(InboundSms.body))),
    }


def test_retention_blanks_exactly_what_is_older_than_the_limit(app, client, clock, db_session):
    manager = factories.user(clock.now())
    written(app, client, clock, manager, "old")
    clock.advance(minutes=10)
    written(app, client, clock, manager, "young")
    ratings = sorted(db_session.scalars(select(Response.rating)))
    clock.advance(days=730, minutes=-5)  # "old" is 730 days and 5 minutes old, "young" 5 minutes short

    counts = apply_retention(app)

    assert counts["comments"] == counts["call_notes"] == counts["notes"] == 1
    assert counts["touch_notes"] == counts["texts"] == 1
    assert kept_texts() == {
        "comments": ["", "young: the printer is still broken"],
        "call_notes": ["", "young call note"],
        "notes": ["", "young note"],
        "touch_notes": ["", "young touch"],
        "texts": ["", "young text"],
    }
    assert sorted(db_session.scalars(select(Response.rating))) == ratings
    quoted = {
        response.comment: any("'" in r for r in response.assessment.reasons)
        for response in db_session.scalars(select(Response))
    }
    assert quoted == {"": False, "young: the printer is still broken": True}
    assert apply_retention(app) == dict.fromkeys(counts, 0)  # nothing left to do: nothing changes


def test_sent_messages_lose_their_address_after_outbox_keep_days(app, client, clock, db_session):
    factories.survey(clock.now(), email="early@example.com")
    db_session.commit()
    run_worker(app)
    clock.advance(minutes=10)
    factories.survey(clock.now(), email="later@example.com")
    db_session.commit()
    run_worker(app)
    app.config["SURVEY_DELAY_MINUTES"] = 60 * 24 * 90  # one that is still waiting to go out
    factories.survey(clock.now(), email="waiting@example.com")
    db_session.commit()
    clock.advance(days=30, minutes=-5)

    counts = apply_retention(app)

    db_session.expire_all()
    rows = {(m.status, m.recipient) for m in db_session.scalars(select(OutboxMessage))}
    assert rows == {("sent", ""), ("sent", "later@example.com"), ("pending", "waiting@example.com")}
    assert counts["messages"] == 1


def test_twilio_callback_keys_go_after_outbox_keep_days(app, client, clock, db_session):
    assert text_in(client, "early", STRANGER).status_code == 200
    clock.advance(minutes=10)
    assert text_in(client, "later", STRANGER).status_code == 200
    clock.advance(days=30, minutes=-5)  # the first key is 30 days and 5 minutes old

    counts = apply_retention(app)

    assert counts["receipts"] == 1
    assert db_session.scalar(select(func.count()).select_from(TwilioReceipt)) == 1


def test_the_worker_runs_retention_and_logs_the_counts(app, client, clock, db_session, caplog):
    factories.unhappy_task(clock.now(), comment="awful, still broken")
    clock.advance(days=800)

    with caplog.at_level(logging.INFO, logger="scheduler.jobs"):
        run_worker(app)

    db_session.expire_all()
    assert db_session.scalar(select(Response.comment)) == ""
    assert all("'" not in reason for reason in db_session.scalar(select(Assessment.reasons)))
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retention:")]
    assert logged == [
        "retention: redacted 1 comments, 0 call_notes, 0 notes, 0 touch_notes, 0 texts, 0 messages, "
        "0 receipts"
    ]
