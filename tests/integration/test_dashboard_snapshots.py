"""A large team's dashboard: counted ahead by the worker, shown with the time it was counted.

`DASHBOARD_LIVE_LIMIT` is set to 0 here, so the few rows of these tests count as a large team's
and take the worker's path; the figures must read exactly as when counted on the request.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from followup.attempts import log_attempt
from followup.dashboard_snapshots import DashboardRequest, DashboardSnapshot
from followup.models import FollowupTask
from followup.tasks import open_for, policy_from_config
from survey.models import Customer
from survey.responses import record_answer
from tests.support import factories
from tests.support.html import text
from tests.support.webhooks import run_worker

PASSWORD = "correct horse battery"
COUNTING = "Counting this period"


def _answered(app, clock, hours_ago: float, rating: int, unhappy: bool) -> FollowupTask | None:
    when = clock.now() - timedelta(hours=hours_ago)
    survey = factories.survey(when - timedelta(hours=1), agent_email="ann@example.com")
    survey.status, survey.sent_at = "sent", when - timedelta(hours=1)
    response = record_answer(db.session, survey, rating=rating, comment="", channel="web", now=when)
    response.assessment.unhappy = unhappy
    if unhappy:
        open_for(db.session, response, response.assessment, policy_from_config(app.config), "UTC", when)
    db.session.commit()
    return db.session.scalar(select(FollowupTask).where(FollowupTask.response_id == response.id))


def _reached(app, task: FollowupTask, when) -> None:
    log_attempt(
        db.session, task, user=task.assignee, outcome="reached", note="Spoke to them.", callback_at=None,
        policy=policy_from_config(app.config), default_tz="UTC", now=when,
    )  # fmt: skip
    db.session.commit()


def _reach_another(app, clock) -> None:
    """A customer not reached yet is reached, a minute on."""
    with app.app_context():
        task = db.session.scalars(select(FollowupTask).where(FollowupTask.reached_at.is_(None))).first()
        _reached(app, task, clock.advance(minutes=1))


@pytest.fixture
def team(app, client, clock):
    """A manager signed in, and a fortnight of answers: five fine, three unhappy, one reached."""
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com", name="Morgan Boss")
        db.session.commit()
        for n in range(5):
            _answered(app, clock, 20 + 30 * n, 5, unhappy=False)
        first, *_ = [_answered(app, clock, 50 + 40 * n, 1, unhappy=True) for n in range(3)]
        _reached(app, first, clock.now() - timedelta(hours=30))
    client.post("/login", data={"email": "boss@example.com", "password": PASSWORD})
    return client


def _figures(page: str) -> str:
    """The page's figures, without the line that says when they were counted."""
    return re.sub(r"Counted at \d\d:\d\d your time.*?not on each visit\.", "", text(page))


def test_a_large_teams_period_is_counted_by_the_worker_and_reads_as_if_counted_live(app, team):
    run_worker(app)  # escalates the tasks nobody called within a day: a change the live read must see too
    live = _figures(team.get("/dashboard?days=30").text)  # small enough: counted on the request
    assert "Unhappy customers to call 3 1 called, 1 reached" in live
    app.config["DASHBOARD_LIVE_LIMIT"] = 0
    waiting = team.get("/dashboard?days=30")
    assert waiting.status_code == 200
    assert COUNTING in text(waiting.text)
    assert "dashboard_counting.js" in waiting.text  # asks again by itself
    assert 'href="/dashboard?days=30"' in waiting.text  # "Check again", without script
    run_worker(app)
    counted = team.get("/dashboard?days=30")
    assert COUNTING not in text(counted.text)
    assert "Counted at 15:00 your time" in text(counted.text)  # the worker's tick, in the manager's zone
    assert _figures(counted.text).split() == live.split()


def test_a_custom_range_is_counted_too_and_kept_as_counts_only(app, team, clock):
    app.config["DASHBOARD_LIVE_LIMIT"] = 0
    period = "/dashboard?from=2026-11-10&to=2026-11-23"
    assert COUNTING in text(team.get(period).text)
    run_worker(app)
    assert "Unhappy customers to call 3 1 called, 1 reached" in text(team.get(period).text)
    with app.app_context():
        kept = db.session.scalar(select(DashboardSnapshot.figures))
        customers = db.session.execute(select(Customer.name, Customer.email)).all()
    assert len(customers) == 8
    assert not [value for row in customers for value in row if value in kept]  # counts, no customer


def test_a_reach_after_the_count_shows_once_the_worker_counts_again(app, team, clock):
    app.config["DASHBOARD_LIVE_LIMIT"] = 0
    team.get("/dashboard?days=7")
    run_worker(app)
    assert "3 1 called, 1 reached" in text(team.get("/dashboard?days=7").text)
    _reach_another(app, clock)
    assert "3 1 called, 1 reached" in text(team.get("/dashboard?days=7").text)  # the kept count, as of 15:00
    clock.advance(minutes=5)
    run_worker(app)
    page = text(team.get("/dashboard?days=7").text)
    assert "3 2 called, 2 reached" in page
    assert "Counted at 15:06 your time" in page


def test_open_tasks_are_read_live_beside_the_kept_counts(app, team, clock):
    app.config["DASHBOARD_LIVE_LIMIT"] = 0
    team.get("/dashboard?days=30")
    run_worker(app)
    assert "Open tasks right now 2" in text(team.get("/dashboard?days=30").text)
    _reach_another(app, clock)
    page = text(team.get("/dashboard?days=30").text)
    assert "Open tasks right now 1" in page  # now
    assert "3 1 called, 1 reached" in page  # as counted at 15:00


def test_a_count_from_a_stopped_worker_is_not_shown_as_current(app, team, clock):
    app.config["DASHBOARD_LIVE_LIMIT"] = 0
    team.get("/dashboard?days=30")
    run_worker(app)
    clock.advance(hours=2)  # no worker ran since
    page = text(team.get("/dashboard?days=30").text)
    assert COUNTING in page
    assert "check that the worker is running" in page


def test_periods_nobody_opens_for_a_week_are_no_longer_counted(app, team, clock):
    app.config["DASHBOARD_LIVE_LIMIT"] = 0
    team.get("/dashboard?days=90")
    run_worker(app)
    clock.advance(days=8)
    run_worker(app)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DashboardRequest)) == 0
        assert db.session.scalar(select(func.count()).select_from(DashboardSnapshot)) == 0


def test_a_small_teams_dashboard_asks_nothing_of_the_worker(app, team):
    assert "Counted at" not in text(team.get("/dashboard?days=30").text)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DashboardRequest)) == 0


def test_counts_kept_by_an_older_release_read_as_not_counted_yet(app, team, clock):
    app.config["DASHBOARD_LIVE_LIMIT"] = 0
    team.get("/dashboard?days=30")
    run_worker(app)
    with app.app_context():
        snapshot = db.session.scalar(select(DashboardSnapshot))
        snapshot.figures = '{"version": 0, "agents": {}}'  # a format this release does not read
        db.session.commit()
    assert COUNTING in text(team.get("/dashboard?days=30").text)
    clock.advance(minutes=5)
    run_worker(app)
    assert "Counted at 15:05 your time" in text(team.get("/dashboard?days=30").text)
