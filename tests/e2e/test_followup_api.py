"""The follow-up JSON API as an integration would use it: bearer token, problem+json errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.support.journeys import unhappy_customer
from tests.support.processes import flask


@pytest.fixture
def api(stack, smtp, manager):
    url, env = stack["url"], stack["env"]
    token = flask(env, "users", "token", manager).stdout.strip()
    assert token.startswith("cs_") and "\n" not in token
    unhappy_customer(url, smtp)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return url, session


# One running app for all three (each start costs seconds of the CI's ten minutes).
def test_the_document_is_public_the_rest_needs_a_token_and_the_call_back_loop_works(api):
    url, session = api
    spec = requests.get(url + "/api/openapi.json", timeout=10).json()
    assert "/api/followups/{task_id}/attempts" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for headers in ({}, {"Authorization": "Bearer cs_not-a-token"}, {"Authorization": "Basic abc"}):
        answer = requests.get(url + "/api/followups", headers=headers, timeout=10)
        assert answer.status_code == 401
        assert answer.headers["Content-Type"].startswith("application/problem+json")

    listing = session.get(url + "/api/followups", timeout=10).json()
    assert listing["next"] is None
    [task] = listing["items"]
    assert task["status"] == "open" and task["customer"]["name"] == "Jane Doe"
    assert task["ticket"]["id"] == "T-1001"
    assert task["response"] == {
        "rating": 2,
        "comment": "Still broken, third time I called.",
        "answered_at": task["response"]["answered_at"],
    }
    assert task["assessment"]["unhappy"] is True and task["assessment"]["reasons"]
    assert task["next_attempt_at"].endswith("Z")

    attempts = url + f"/api/followups/{task['id']}/attempts"
    no_answer = session.post(attempts, json={"outcome": "no_answer", "note": "rang out"}, timeout=10)
    assert no_answer.status_code == 201
    after = no_answer.json()
    assert after["status"] == "open" and len(after["attempts"]) == 1
    assert datetime.fromisoformat(after["next_attempt_at"]) > datetime.now(UTC)

    callback = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    requested = session.post(
        attempts, json={"outcome": "callback_requested", "callback_at": callback.isoformat()}, timeout=10
    )
    assert requested.status_code == 201
    assert datetime.fromisoformat(requested.json()["next_attempt_at"]) == callback
    # The list writes its items out itself: each must read exactly as fetching that task does.
    one = session.get(url + f"/api/followups/{task['id']}", timeout=10).json()
    assert one["attempts"][1]["callback_at"] and one["assignee"]
    assert session.get(url + "/api/followups", timeout=10).json()["items"] == [one]

    for bad in (
        {"outcome": "reached"},
        {"outcome": "teleported"},
        {"outcome": "no_answer", "callback_at": "2020-01-01T10:00:00Z"},
    ):
        refused = session.post(attempts, json=bad, timeout=10)
        assert refused.status_code == 422, bad
        assert refused.headers["Content-Type"].startswith("application/problem+json")
        assert refused.json()["errors"], bad

    reached = session.post(
        attempts, json={"outcome": "reached", "note": "Replacement on its way."}, timeout=10
    )
    assert reached.status_code == 201
    closed = reached.json()
    assert closed["status"] == "closed" and closed["next_attempt_at"] is None

    again = session.post(attempts, json={"outcome": "no_answer"}, timeout=10)
    assert again.status_code == 409
    assert session.get(url + "/api/followups", timeout=10).json()["items"] == []
    closed_list = session.get(url + "/api/followups?status=closed", timeout=10).json()["items"]
    assert closed_list == [session.get(url + f"/api/followups/{task['id']}", timeout=10).json()]
    assert session.get(url + "/api/followups/999999", timeout=10).status_code == 404
