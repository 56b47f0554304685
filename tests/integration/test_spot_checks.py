"""Spot checks: each finished week a random sample of the answers read as fine goes before a
manager, who marks each "fine" or "unhappy, call them" (which opens a follow-up task)."""

from __future__ import annotations

import os
import threading
from datetime import datetime, timedelta
from random import Random

import pytest
from sqlalchemy import select

from core.extensions import db
from followup.feedback_models import SpotCheck, SpotCheckDraw
from followup.models import FollowupTask, User
from followup.spot_checks import draw_week
from tests.conftest import is_postgres
from tests.support import factories
from tests.support.factories import api_token, log_in
from tests.support.followup_steps import run_tick
from tests.support.html import text

LAST_WEEK = datetime.fromisoformat("2026-11-18T10:00:00+00:00")  # the clock's Monday is 23 Nov


@pytest.fixture
def week(app, clock):
    """Morgan, a manager; last week 20 answers read as fine and 2 unhappy, this week 3 more fine.

    Returns the ids of last week's fine answers, in id order.
    """
    with app.app_context():
        factories.user(clock.now(), email="morgan@example.com", name="Morgan")
        fine = [
            factories.answer(LAST_WEEK + timedelta(hours=i), 5, f"Great service, thanks ({i})").id
            for i in range(20)
        ]
        for i in range(2):
            factories.answer(LAST_WEEK + timedelta(hours=30 + i), 1, "Still broken")
        for i in range(3):
            factories.answer(clock.now() - timedelta(hours=i + 1), 4, "All good")
        db.session.commit()
        return fine


def drawn(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(SpotCheck.response_id).order_by(SpotCheck.response_id)))


def test_the_worker_draws_last_weeks_sample_once_and_reproducibly(make_app, app, clock, week):
    seeded = make_app(rng=Random(21), SPOT_CHECK_PERCENT=20)
    run_tick(seeded)
    sample = drawn(app)
    assert sample == sorted(Random(21).sample(week, 4))  # 20% of 20, from last week's fine answers only
    run_tick(seeded)
    run_tick(make_app(rng=Random(99), SPOT_CHECK_PERCENT=20))  # another worker, another draw of dice
    assert drawn(app) == sample
    with app.app_context():
        [draw] = db.session.scalars(select(SpotCheckDraw)).all()
        assert (str(draw.week_start), draw.population) == ("2026-11-16", 20)


def test_at_least_three_a_week_when_there_are_any(make_app, app, week):
    run_tick(make_app(rng=Random(1)))  # 5% of 20 is 1
    assert len(drawn(app)) == 3


def test_a_week_without_fine_answers_draws_nothing_and_is_done(make_app, app, clock):
    worker = make_app(rng=Random(1))
    run_tick(worker)
    with app.app_context():
        assert db.session.scalar(select(SpotCheckDraw.population)) == 0
    assert drawn(app) == []


def test_workers_drawing_at_the_same_moment_draw_one_sample(make_app, app, clock, week):
    """On PostgreSQL two workers race through the same draw; SQLite runs one worker, one at a time."""
    workers = [make_app(rng=Random(seed), SPOT_CHECK_PERCENT=20) for seed in (1, 2)]
    results: list[int | None] = []
    together = threading.Barrier(2, timeout=10)

    def draw(worker) -> None:
        with worker.app_context():
            together.wait()
            adapters = worker.extensions["adapters"]
            results.append(draw_week(db.session, clock.now(), "UTC", 20, adapters.rng))
            db.session.commit()
            db.session.remove()

    if is_postgres(os.environ.get("DATABASE_URL", "")):
        threads = [threading.Thread(target=draw, args=(worker,)) for worker in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
            assert not thread.is_alive()
    else:
        together = threading.Barrier(1, timeout=10)
        for worker in workers:
            draw(worker)
    assert sorted(results, key=str) == [4, None]
    assert len(drawn(app)) == 4


def test_a_manager_reads_and_marks_each_answer(make_app, app, client, clock, week):
    run_tick(make_app(rng=Random(5)))
    first, second, third = drawn(app)
    log_in(client, "morgan@example.com")
    page = text(client.get("/spot-checks").text)
    assert "To read (3)" in page and "Great service, thanks" in page and "Unhappy, call them" in page
    with app.app_context():
        checks = {c.response_id: c.id for c in db.session.scalars(select(SpotCheck))}

    assert client.post(f"/spot-checks/{checks[first]}", data={"label": "fine"}).status_code == 303
    called = client.post(f"/spot-checks/{checks[second]}", data={"label": "unhappy"})
    assert called.status_code == 303 and called.location.startswith("/followups/")
    again = client.post(f"/spot-checks/{checks[second]}", data={"label": "fine"}, follow_redirects=True)
    assert "That answer was marked already." in text(again.text)
    assert client.post(f"/spot-checks/{checks[third]}", data={"label": "maybe"}).status_code == 400

    page = text(client.get("/spot-checks").text)
    assert "To read (1)" in page and "unhappy: follow-up" in page
    with app.app_context():
        task = db.session.scalar(select(FollowupTask).where(FollowupTask.response_id == second))
        assert task is not None and task.status == "open"
        assert [event.kind for event in task.events] == ["opened", "spot_check"]
        check = db.session.get(SpotCheck, checks[second])
        assert (check.label, check.task_id) == ("unhappy", task.id)
        task_id = task.id
        assert db.session.get(SpotCheck, checks[first]).label == "fine"
        token = api_token(
            db.session.scalar(select(User).where(User.email == "morgan@example.com")), clock.now()
        )
        db.session.commit()
    listed = client.get("/api/followups", headers={"Authorization": f"Bearer {token}"}).get_json()["items"]
    assert task_id in [item["id"] for item in listed]  # in the queue like any unhappy answer's task


def test_spot_checks_are_for_managers(app, clock, week):
    with app.app_context():
        factories.user(clock.now(), email="agent@example.com", role="agent")
        db.session.commit()
    agent = app.test_client()
    log_in(agent, "agent@example.com")
    assert agent.get("/spot-checks").status_code == 403
    assert agent.post("/spot-checks/1", data={"label": "fine"}).status_code == 403
