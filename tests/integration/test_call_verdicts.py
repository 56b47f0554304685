"""The verdict of a call: after reaching the customer, was the assessment right, and what was it about.

Asked on the task page, through the API (POST and PATCH of attempts), after a call through the
app; kept with the attempt, in the exports and the customer's file; the topics are the team's.
"""

from __future__ import annotations

import csv
import io

import pytest

from core.extensions import db
from devtools.fake_calls import CallScript
from followup.models import CallAttempt
from tests.support import factories
from tests.support.factories import api_token, log_call, log_in
from tests.support.html import text
from tests.support.voice import call_from_page, manager_and_task, task_json


@pytest.fixture
def jane(app, clock):
    """Morgan, a manager with an API token, and Jane's open task; returns (task id, bearer headers)."""
    with app.app_context():
        manager = factories.user(clock.now(), email="morgan@example.com", name="Morgan")
        token = api_token(manager, clock.now())
        task = factories.unhappy_task(
            clock.now(), name="Jane Doe", phone="+15551234567", comment="Late again"
        )
        return task.id, {"Authorization": f"Bearer {token}"}


def attempts(app) -> list[tuple[str, str | None, str | None]]:
    with app.app_context():
        rows = db.session.query(CallAttempt).order_by(CallAttempt.id)
        return [(row.outcome, row.verdict, row.topic) for row in rows]


def test_the_reached_form_keeps_verdict_and_topic_and_the_page_shows_them(app, client, jane):
    task_id, _ = jane
    log_in(client, "morgan@example.com")
    page = client.get(f"/followups/{task_id}").text
    assert "Was the customer in fact unhappy?" in text(page) and "Repeat problem" in text(page)

    answer = log_call(client, task_id, "reached", "Sorted out the refund.", verdict="partly", topic="billing")
    assert answer.status_code == 303
    assert attempts(app) == [("reached", "partly", "billing")]
    shown = text(client.get(f"/followups/{task_id}").text)
    assert "Partly · Billing" in shown


def test_a_verdict_is_optional_but_refused_on_a_call_that_reached_nobody(app, client, jane):
    task_id, _ = jane
    log_in(client, "morgan@example.com")
    refused = log_call(client, task_id, "no_answer", verdict="false_alarm")
    assert refused.status_code == 422
    assert "only a call that reached the customer has a verdict" in text(refused.text)
    assert attempts(app) == []
    assert log_call(client, task_id, "no_answer").status_code == 303
    assert log_call(client, task_id, "reached", "Spoke to her.").status_code == 303
    assert attempts(app) == [("no_answer", None, None), ("reached", None, None)]


def test_the_api_takes_verdict_and_topic_and_answers_422_for_what_it_cannot_take(app, client, jane):
    task_id, auth = jane
    url = f"/api/followups/{task_id}/attempts"
    wrong = [
        {"outcome": "reached", "note": "ok", "verdict": "maybe"},
        {"outcome": "reached", "note": "ok", "topic": "weather"},
        {"outcome": "busy", "verdict": "unhappy"},
        {"outcome": "voicemail", "topic": "waiting"},
    ]
    for body in wrong:
        answer = client.post(url, json=body, headers=auth)
        assert answer.status_code == 422, body
        assert answer.mimetype == "application/problem+json"
    assert attempts(app) == []

    logged = client.post(
        url, json={"outcome": "reached", "note": "Fine after all.", "verdict": "false_alarm"}, headers=auth
    )
    assert logged.status_code == 201
    [attempt] = logged.get_json()["attempts"]
    assert (attempt["verdict"], attempt["topic"]) == ("false_alarm", None)


def test_patch_adds_the_verdict_afterwards_and_only_to_a_reached_attempt(app, client, jane):
    task_id, auth = jane
    url = f"/api/followups/{task_id}/attempts"
    client.post(url, json={"outcome": "no_answer"}, headers=auth)
    client.post(url, json={"outcome": "reached", "note": "Talked it through."}, headers=auth)
    missed, reached = (a["id"] for a in task_json_of(client, task_id, auth)["attempts"])

    assert client.patch(f"{url}/{missed}", json={"verdict": "unhappy"}, headers=auth).status_code == 422
    assert client.patch(f"{url}/{reached}", json={}, headers=auth).status_code == 422
    assert client.patch(f"{url}/{reached}", json={"topic": "nope"}, headers=auth).status_code == 422
    answer = client.patch(f"{url}/{reached}", json={"verdict": "unhappy", "topic": "waiting"}, headers=auth)
    assert answer.status_code == 200
    assert [(a["verdict"], a["topic"]) for a in answer.get_json()["attempts"]] == [
        (None, None),
        ("unhappy", "waiting"),
    ]
    assert answer.get_json()["attempts"][1]["note"] == "Talked it through."  # the note stays


def task_json_of(client, task_id: int, auth: dict) -> dict:
    return client.get(f"/api/followups/{task_id}", headers=auth).get_json()


def test_the_exports_and_the_customers_file_carry_verdict_and_topic(app, client, clock, jane):
    task_id, auth = jane
    body = {
        "outcome": "reached",
        "note": "Sent a technician.",
        "verdict": "unhappy",
        "topic": "repeat_problem",
    }
    client.post(f"/api/followups/{task_id}/attempts", json=body, headers=auth)
    clock.advance(minutes=10)  # an export's period ends now, exclusive (the task opened at +5 min)
    log_in(client, "morgan@example.com")
    for name in ("calls", "tasks"):
        rows = list(csv.DictReader(io.StringIO(client.get(f"/exports/{name}.csv").text)))
        assert [(row["verdict"], row["topic"]) for row in rows] == [("unhappy", "repeat_problem")], name
    customer_id = task_json_of(client, task_id, auth)["customer"]["id"]
    held = client.get(f"/api/customers/{customer_id}/export", headers=auth).get_json()
    [attempt] = held["tasks"][0]["attempts"]
    assert (attempt["verdict"], attempt["topic"]) == ("unhappy", "repeat_problem")


def test_the_team_edits_its_topics_on_the_settings_page(app, client, clock, jane):
    task_id, auth = jane
    with app.app_context():
        factories.user(clock.now(), email="agent@example.com", role="agent")
        db.session.commit()
    agent = app.test_client()
    log_in(agent, "agent@example.com")
    assert agent.post("/settings/topics", data={"topics": "x: X"}).status_code == 403

    log_in(client, "morgan@example.com")
    page = text(client.get("/settings").text)
    assert "repeat_problem: Repeat problem" in page and "billing: Billing" in page
    refused = client.post("/settings/topics", data={"topics": "waiting: Waiting\nwaiting: Again"})
    assert refused.status_code == 400 and "'waiting' is on the list twice." in text(refused.text)
    saved = client.post("/settings/topics", data={"topics": "waiting: Waiting on hold\nDelivery date\n"})
    assert saved.status_code == 303
    page = text(client.get("/settings").text)
    assert "waiting: Waiting on hold delivery_date: Delivery date" in page
    assert "call topics" in page and "repeat_problem, waiting, agent" in page  # the audit trail

    url = f"/api/followups/{task_id}/attempts"
    body = {"outcome": "reached", "note": "Van was late.", "topic": "billing"}
    assert client.post(url, json=body, headers=auth).status_code == 422  # taken off the list
    assert client.post(url, json=body | {"topic": "delivery_date"}, headers=auth).status_code == 201
    assert "Delivery date" in text(client.get(f"/followups/{task_id}").text)

    assert client.post("/settings/topics", data={"topics": ""}).status_code == 303  # back to the shipped list
    assert "billing: Billing" in text(client.get("/settings").text)


def test_the_note_after_a_call_through_the_app_takes_the_verdict(voice, clock):
    app, twilio = voice
    _, task_id, token = manager_and_task(app, clock)
    client = app.test_client()
    log_in(client, "morgan@example.com")
    twilio.script_next(CallScript(duration=95))
    assert call_from_page(client, task_id).status_code == 303
    twilio.wait_for_calls(1)[0].wait()
    page = client.get(f"/followups/{task_id}").text
    assert 'id="call-verdict-0"' in page  # the note form asks for the verdict too
    attempt_id = task_json(client, task_id, token)["attempts"][0]["id"]

    answer = client.post(
        f"/followups/{task_id}/attempts/{attempt_id}/note",
        data={"body": "New part on its way.", "verdict": "unhappy", "topic": "product"},
    )
    assert answer.status_code == 303
    [attempt] = task_json(client, task_id, token)["attempts"]
    assert (attempt["note"], attempt["verdict"], attempt["topic"]) == (
        "New part on its way.",
        "unhappy",
        "product",
    )
