"""The call-back loop on a real database: tasks open with the answer, attempts move them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.extensions import db
from followup.attempts import TaskClosedError, log_attempt
from followup.models import FollowupTask, TaskEvent
from followup.reminders import escalate_late_first_calls
from followup.retry_policy import AttemptError
from followup.tasks import policy_from_config
from survey.responses import record_answer
from tests.support import factories


def attempt(app, task, outcome, now, note="", callback_at=None, user=None):
    return log_attempt(
        db.session,
        task,
        user=user,
        outcome=outcome,
        note=note,
        callback_at=callback_at,
        policy=policy_from_config(app.config),
        default_tz="UTC",
        now=now,
    )


def test_unhappy_answer_opens_a_task_in_the_same_transaction(app, db_session, clock):
    survey = factories.survey(clock.now())
    record_answer(
        db_session,
        survey,
        rating=4,
        comment="fine I guess, third time I called",
        channel="web",
        now=clock.now(),
    )
    task = db_session.query(FollowupTask).one()  # flushed, not yet committed
    assert task.status == "open" and task.response.comment.startswith("fine I guess")
    db_session.rollback()
    assert db_session.query(FollowupTask).count() == 0


def test_content_answer_opens_no_task(app, db_session, clock):
    record_answer(
        db_session,
        factories.survey(clock.now()),
        rating=5,
        comment="Quick and friendly, thanks!",
        channel="web",
        now=clock.now(),
    )
    db_session.commit()
    assert db_session.query(FollowupTask).count() == 0


def test_second_unhappy_answer_joins_the_open_task_and_a_closed_task_stays_closed(app, db_session, clock):
    now = clock.now()
    first = factories.unhappy_task(now, customer_id="C-9", email="same@example.com")
    second = factories.unhappy_task(now + timedelta(hours=1), customer_id="C-9", email="same@example.com")
    assert second.id == first.id
    assert [e.kind for e in db_session.query(TaskEvent).filter_by(task_id=first.id)] == ["opened", "answer"]

    attempt(app, first, "reached", now + timedelta(hours=2), note="All sorted.")
    db_session.commit()
    third = factories.unhappy_task(now + timedelta(days=1), customer_id="C-9", email="same@example.com")
    assert third.id != first.id
    assert db_session.get(FollowupTask, first.id).status == "closed"


def test_no_answer_schedules_the_next_try_in_the_customers_business_hours(app, db_session):
    friday_evening = datetime(2026, 11, 27, 22, 30, tzinfo=UTC)  # 16:30 in Chicago
    task = factories.unhappy_task(friday_evening - timedelta(hours=1))
    attempt(app, task, "no_answer", friday_evening)
    assert task.next_attempt_at == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # Monday 09:00 Chicago
    assert task.failed_attempts == 1 and task.status == "open"


def test_reached_needs_a_note_and_closed_tasks_take_no_attempts(app, db_session, clock):
    task = factories.unhappy_task(clock.now())
    with pytest.raises(AttemptError) as error:
        attempt(app, task, "reached", clock.now())
    assert error.value.field == "note"
    attempt(app, task, "reached", clock.now(), note="Spoke to them, refund issued.")
    assert task.status == "closed" and task.next_attempt_at is None
    with pytest.raises(TaskClosedError):
        attempt(app, task, "no_answer", clock.now())


def test_max_attempts_and_wrong_numbers_escalate(make_app, clock):
    app = make_app(FOLLOWUP_MAX_ATTEMPTS=2)
    with app.app_context():
        task = factories.unhappy_task(clock.now())
        attempt(app, task, "busy", clock.advance(hours=1))
        assert not task.escalated
        attempt(app, task, "voicemail", clock.advance(hours=5))
        assert task.escalated and "2 failed attempts" in task.escalation_reason
        other = factories.unhappy_task(clock.now())
        attempt(app, other, "wrong_number", clock.advance(minutes=10))
        assert other.escalated and other.contact_flagged and other.status == "open"


def test_a_task_without_a_first_call_in_time_escalates(app, db_session, clock):
    task = factories.unhappy_task(clock.now())
    assert escalate_late_first_calls(db_session, clock.advance(hours=23), 24) == 0
    assert escalate_late_first_calls(db_session, clock.advance(hours=2), 24) == 1
    assert task.escalated and task.escalation_reason == "no call within 24h"
    assert db_session.query(TaskEvent).filter_by(task_id=task.id, kind="escalated").count() == 1
