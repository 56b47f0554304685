"""The fast dashboard (hourly rollups, percentiles in the database, and those counts kept as JSON
the way the worker keeps a large team's) against the rows counted one by one
(tests/support/raw_dashboard.py), on a seeded month with the edges that break rollups: readers
in half-hour and 45-minute zones, periods ending at a reader's midnight, answers on either side
of the rollups' watermark, re-answered surveys, a survey cancelled before it was sent, and an
erased customer."""

from __future__ import annotations

import json
import random
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.extensions import db
from followup import rollup_refresh
from followup.attempts import log_attempt
from followup.dashboard import build
from followup.erasure import erase_customer
from followup.models import FollowupTask
from followup.period_scan import PeriodScan, scan
from followup.periods import parse_period
from followup.tasks import policy_from_config
from survey.responses import record_answer
from tests.support import factories, raw_dashboard

NOW = datetime(2026, 11, 25, 13, 37, 12, tzinfo=UTC)
ZONES = ("UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/Chicago", "Australia/Adelaide")
PERIODS = (
    {"days": "7"},
    {"days": "30"},
    {"from": "2026-11-02", "to": "2026-11-15"},
    {"from": "2026-11-09", "to": "2026-11-09"},
    {"from": "2026-11-01", "to": "2026-11-25"},
)
COMMENTS = {1: "Still broken.", 2: "Not fixed, again.", 3: "Fine I guess.", 4: "Good.", 5: "Great, thanks!"}
AGENTS = (("Ann Lee", "ann@example.com"), ("Bob Ray", None), (None, "Cy@Example.com"), (None, None))


def _midnights() -> list[datetime]:
    """Sends exactly at the readers' midnights and a microsecond before, where pieces are cut."""
    days = [datetime(2026, 11, day) for day in (2, 9, 10, 16)]
    found = []
    for name in ZONES:
        for day in days:
            midnight = day.replace(tzinfo=ZoneInfo(name)).astimezone(UTC)
            found += [midnight, midnight - timedelta(microseconds=1)]
    return found


def _seed(app, rng: random.Random) -> list[FollowupTask]:
    policy = policy_from_config(app.config)
    boss = factories.user(NOW, email="boss@example.com", name="Morgan Boss")
    ann = factories.user(NOW, email="ann.agent@example.com", name="Ann Agent", role="agent")
    db.session.commit()
    sends = _midnights() + [NOW - timedelta(minutes=rng.randrange(1, 40 * 24 * 60)) for _ in range(60)]
    tasks = []
    for n, sent in enumerate(sends):
        name, email = AGENTS[n % len(AGENTS)]
        survey = factories.survey(sent - timedelta(minutes=5), agent_email=email)
        survey.ticket.agent_name = name
        if n % 17 == 5:  # a reopened ticket cancelled it before it went out
            survey.status = "cancelled"
            db.session.commit()
            continue
        survey.status, survey.sent_at = "sent", sent
        answered = sent + timedelta(minutes=rng.choice([0, 1, 30, 59, 61, 600, 3000]))
        if n % 5 == 4 or answered >= NOW:
            db.session.commit()
            continue
        rating = rng.choice([1, 2, 3, 4, 5, None])
        response = record_answer(
            db.session, survey, rating=rating, comment=COMMENTS.get(rating, "Third time I called."),
            channel="web", now=answered,
        )  # fmt: skip
        db.session.commit()
        task = db.session.query(FollowupTask).filter_by(response_id=response.id).one_or_none()
        if task is None:
            continue
        task.assignee_id = rng.choice([boss.id, ann.id, None])
        tasks.append(task)
        when = answered
        for outcome in rng.choice([[], ["no_answer"], ["reached"], ["no_answer", "voicemail", "reached"]]):
            when += timedelta(minutes=rng.randrange(1, 3000))
            if when >= NOW:
                break
            log_attempt(
                db.session, task, user=boss, outcome=outcome, note="Spoke to them.", callback_at=None,
                policy=policy, default_tz="UTC", now=when, verified=rng.random() < 0.5,
                talk_seconds=rng.randrange(20, 900),
            )  # fmt: skip
        db.session.commit()
    return tasks


def _same(app, label: str) -> None:
    for zone in ZONES:
        for args in PERIODS:
            period = parse_period(args, NOW, ZoneInfo(zone))
            counts = scan(db.session, period)
            kept = PeriodScan.from_json(json.loads(json.dumps(counts.as_json())))  # as the worker keeps it
            assert kept == counts, f"{label}, kept: {zone} {args}"
            fast, slow = (
                asdict(build(db.session, period, counts)),
                asdict(raw_dashboard.build(db.session, period)),
            )
            assert _rounded(fast) == _rounded(slow), f"{label}: {zone} {args}"


def _rounded(value):
    """Percentiles computed by PostgreSQL may differ from Python's in the last bit of a float."""
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, timedelta):
        return round(value.total_seconds(), 3)
    return value


@pytest.fixture
def seeded(app):
    with app.app_context():
        tasks = _seed(app, random.Random(23))
        yield tasks


def test_rolled_up_figures_equal_the_rows_counted_one_by_one(app, seeded):
    _same(app, "nothing rolled up yet")
    rollup_refresh.refresh(db.session, NOW - timedelta(days=9, minutes=17), max_new_hours=10_000)
    db.session.commit()
    _same(app, "rolled up to nine days ago")
    rollup_refresh.refresh(db.session, NOW, max_new_hours=10_000)
    db.session.commit()
    _same(app, "rolled up to now")


def test_figures_stay_exact_after_re_answers_and_an_erasure(app, seeded):
    rollup_refresh.refresh(db.session, NOW - timedelta(days=3), max_new_hours=10_000)
    db.session.commit()
    for task in seeded[:6]:  # change their minds a day later: rating, verdict and task stay theirs
        survey = task.response.survey
        record_answer(db.session, survey, rating=5, comment="Sorted now, great.", channel="web",
                      now=NOW - timedelta(hours=30))  # fmt: skip
    db.session.commit()
    erase_customer(db.session, seeded[6].customer, by=None, via="cli", now=NOW - timedelta(hours=29))
    db.session.commit()
    rollup_refresh.refresh(db.session, NOW, max_new_hours=10_000)
    db.session.commit()
    _same(app, "after re-answers and an erasure")
