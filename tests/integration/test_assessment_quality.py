"""How well the assessment works here: `GET /api/assessment/quality` and the dashboard's section,
on a seeded set whose figures are worked out by hand (tests/support/feedback.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.extensions import db
from followup.quality_estimates import wilson
from tests.support import factories
from tests.support.factories import api_token, log_in
from tests.support.feedback import seed_judged_answers
from tests.support.html import text


@pytest.fixture
def morgan(app, clock):
    """A manager in Chicago with an API token; returns the bearer headers."""
    with app.app_context():
        manager = factories.user(clock.now(), email="morgan@example.com", timezone="America/Chicago")
        token = api_token(manager, clock.now())
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}


def test_precision_recall_and_what_they_stand_on(app, client, clock, morgan):
    seed_judged_answers(app, clock.now(), "morgan@example.com")
    answer = client.get("/api/assessment/quality", headers=morgan)
    assert answer.status_code == 200
    q = answer.get_json()
    # Three verdicts on flagged answers: unhappy, partly (right), false_alarm.
    low, high = wilson(2, 3)
    assert q["precision"] == {"value": 0.6667, "n": 3, "interval": [round(low, 4), round(high, 4)]}
    # 4 flagged x 2/3 caught against 6 read as fine x 1/2 missed (two spot checks, one unhappy).
    assert q["recall"]["value"] == pytest.approx(8 / 17, abs=1e-4) and q["recall"]["n"] == 2
    assert 0 < q["recall"]["interval"][0] < 8 / 17 < q["recall"]["interval"][1] <= 1
    assert q["answers"] == {"read_unhappy": 4, "read_fine": 6}
    assert q["spot_checks"] == {"read": 2, "unhappy": 1}
    [alarm] = q["false_alarms"]
    assert (alarm["comment"], alarm["note"], alarm["topic"]) == (
        "ok I guess",
        "Called about: ok I guess",
        "other",
    )
    [miss] = q["misses"]
    assert (miss["comment"], miss["rating"], miss["unhappiness"]) == ("Fine, whatever", 4, 0.4)
    weeks = {week["week"]: week["counts"] for week in q["topics"]}
    assert weeks["2026-11-16"] == {"waiting": 2, "other": 1}  # the calls on Sunday 22 Nov, Chicago time
    assert (q["from"], q["to"]) == ("2026-10-24", "2026-11-23")  # the last 30 days by default

    log_in(client, "morgan@example.com")
    shown = text(client.get("/dashboard").text)
    assert "How well the assessment works here" in shown
    assert "Right calls (precision) 67% of 3 calls with a verdict" in shown
    assert "Unhappy customers found (recall) 47% estimated from 2 spot checks (1 found unhappy)" in shown
    assert "ok I guess" in shown and "Fine, whatever" in shown


def test_value_is_null_while_nothing_was_judged(client, morgan):
    q = client.get("/api/assessment/quality", headers=morgan).get_json()
    assert q["precision"] == {"value": None, "n": 0, "interval": [0.0, 1.0]}
    assert q["recall"] == {"value": None, "n": 0, "interval": [0.0, 1.0]}
    assert q["false_alarms"] == [] and q["misses"] == []


def test_dates_are_days_in_the_viewers_zone_by_the_time_of_the_call(app, client, clock, morgan):
    with app.app_context():
        task_id = factories.unhappy_task(clock.now() - timedelta(days=2)).id
    clock.advance(hours=-11)  # Mon 23 Nov 04:00 UTC: Sunday 22:00 in Chicago
    body = {"outcome": "reached", "note": "Refund sent.", "verdict": "unhappy"}
    assert client.post(f"/api/followups/{task_id}/attempts", json=body, headers=morgan).status_code == 201
    sunday = client.get("/api/assessment/quality?from=2026-11-22&to=2026-11-22", headers=morgan).get_json()
    monday = client.get("/api/assessment/quality?from=2026-11-23&to=2026-11-23", headers=morgan).get_json()
    assert (sunday["precision"]["n"], monday["precision"]["n"]) == (1, 0)


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-13-01&to=2026-11-23",
        "from=2026-11-23&to=2026-11-01",
        "from=2024-01-01&to=2026-01-01",
        "from=x",
    ],
)
def test_a_period_it_cannot_read_is_422(client, morgan, query):
    answer = client.get(f"/api/assessment/quality?{query}", headers=morgan)
    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"


def test_quality_is_for_managers(app, client, clock):
    with app.app_context():
        agent = factories.user(clock.now(), role="agent")
        token = api_token(agent, clock.now())
        db.session.commit()
    answer = client.get("/api/assessment/quality", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 403
    assert client.get("/api/assessment/quality").status_code == 401
