"""Calls through the app: the real `twilio` client places them, the fake Twilio plays its side.

Jane Doe's task is assigned to Morgan, whose phone rings first. Each test presses Call (the
page or the API) and lets the fake play one kind of call; what the app logged is read back
through the JSON API, as an integration would.
"""

from __future__ import annotations

import threading
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from core.extensions import db
from devtools.fake_calls import CallScript
from followup.models import CallAttempt
from followup.retry_policy import decide
from followup.tasks import policy_from_config
from followup.voice_models import VoiceCall
from tests.support import factories
from tests.support.factories import log_in
from tests.support.html import text
from tests.support.peers import FROM_NUMBER
from tests.support.processes import wait_for
from tests.support.voice import CUSTOMER_PHONE, MANAGER_PHONE, call_from_page, manager_and_task, task_json

BASE = "http://survey.test"


@pytest.fixture
def setup(voice, clock):
    app, twilio = voice
    user_id, task_id, token = manager_and_task(app, clock)
    client = app.test_client()
    log_in(client, "morgan@example.com")
    return app, twilio, client, task_id, token


def place(client, twilio, task_id: int, *scripts: CallScript, count: int = 1):
    twilio.script_next(*scripts)
    assert call_from_page(client, task_id).status_code == 303
    return twilio.wait_for_calls(count)[count - 1].wait()


def attempts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(CallAttempt.id)))


@pytest.mark.parametrize("answered_by", ["human", "unknown", None])  # None: no AMD report at all
def test_a_long_talk_with_a_person_closes_the_task_as_verified(setup, answered_by):
    app, twilio, client, task_id, token = setup
    call = place(client, twilio, task_id, CallScript(answered_by=answered_by, duration=95))

    assert (call.to, call.from_) == (MANAGER_PHONE, FROM_NUMBER)  # the manager's phone rings first
    assert call.url.startswith(BASE + "/webhooks/twilio/voice/")
    assert call.status_callback.startswith(BASE + "/webhooks/twilio/voice/")
    assert call.says() == [
        f"Calling Jane Doe about ticket {task_json(client, task_id, token)['ticket']['id']}."
    ]
    dial = call.dial()
    assert dial["Dial.callerId"] == FROM_NUMBER and dial["number"] == CUSTOMER_PHONE
    assert dial["Dial.action"].startswith(BASE + "/") and dial["Number.amdStatusCallback"].startswith(
        BASE + "/"
    )
    assert dial["Number.machineDetection"] == "Enable"
    steps = ["answer", "amd", "dial", "status"] if answered_by else ["answer", "dial", "status"]
    assert [(hook.step, hook.status) for hook in call.webhooks] == [
        (step, 204 if step in ("amd", "status") else 200) for step in steps
    ]

    task = task_json(client, task_id, token)
    assert task["status"] == "closed" and task["next_attempt_at"] is None
    [attempt] = task["attempts"]
    assert (attempt["outcome"], attempt["verified"], attempt["talk_seconds"], attempt["note"]) == (
        "reached", True, 95, "",
    )  # fmt: skip
    assert attempt["user"] == "morgan@example.com"


def test_a_verified_reach_is_listed_as_needing_a_note_until_it_has_one(setup):
    app, twilio, client, task_id, token = setup
    place(client, twilio, task_id, CallScript())
    assert 'href="/followups/needs-note">Needs a note</a>' in client.get("/followups").get_data(as_text=True)
    assert "Jane Doe" in client.get("/followups/needs-note").get_data(as_text=True)
    attempt_id = task_json(client, task_id, token)["attempts"][0]["id"]
    auth = {"Authorization": f"Bearer {token}"}

    assert (
        client.patch(
            f"/api/followups/{task_id}/attempts/{attempt_id}", json={"note": ""}, headers=auth
        ).status_code
        == 422
    )
    assert (
        client.patch(f"/api/followups/{task_id}/attempts/999", json={"note": "x"}, headers=auth).status_code
        == 404
    )
    answer = client.patch(
        f"/api/followups/{task_id}/attempts/{attempt_id}", json={"note": "Replacement sent."}, headers=auth
    )
    assert answer.status_code == 200 and answer.get_json()["attempts"][0]["note"] == "Replacement sent."
    assert "Jane Doe" not in client.get("/followups/needs-note").get_data(as_text=True)


@pytest.mark.parametrize(
    ("script", "outcome"),
    [
        (CallScript(answered_by="machine_end_beep", duration=40), "voicemail"),
        (CallScript(answered_by="fax", duration=3), "voicemail"),
        (CallScript(dial_status="no-answer", answered_by=None), "no_answer"),
        (CallScript(dial_status="failed", answered_by=None), "no_answer"),
        (CallScript(dial_status="canceled", answered_by=None), "no_answer"),
        (CallScript(dial_status="busy", answered_by=None), "busy"),
    ],
)
def test_a_call_that_did_not_reach_anyone_is_logged_and_retried_by_the_policy(setup, clock, script, outcome):
    app, twilio, client, task_id, token = setup
    place(client, twilio, task_id, script)

    task = task_json(client, task_id, token)
    [attempt] = task["attempts"]
    assert (attempt["outcome"], attempt["verified"], attempt["talk_seconds"]) == (outcome, True, None)
    assert task["status"] == "open"
    expected = decide(
        policy_from_config(app.config),
        now=clock.now(),
        outcome=outcome,
        failed_before=0,
        tz="America/Chicago",
    ).next_attempt_at
    assert task["next_attempt_at"] == expected.isoformat().replace("+00:00", "Z")
    their_time = expected.astimezone(ZoneInfo("America/Chicago")).strftime("%a %H:%M")
    state = client.get(f"/followups/{task_id}/call-state").get_json()
    assert state["text"] == f"Ended: {outcome.replace('_', ' ')}, next try {their_time} their time."


def test_a_short_answer_logs_nothing_and_asks_the_manager(setup):
    app, twilio, client, task_id, token = setup
    place(client, twilio, task_id, CallScript(answered_by="human", duration=12))

    task = task_json(client, task_id, token)
    assert task["attempts"] == [] and task["status"] == "open"
    state = client.get(f"/followups/{task_id}/call-state").get_json()
    assert (
        state["needs_outcome"] and state["text"] == "Ended after 00:12: what happened? Log the outcome below."
    )
    page = client.get(f"/followups/{task_id}").get_data(as_text=True)
    assert "what happened?" in page and 'name="outcome"' in page  # the page offers the outcomes


def test_when_the_managers_own_phone_does_not_answer_nothing_is_logged(setup):
    app, twilio, client, task_id, token = setup
    call = place(client, twilio, task_id, CallScript(manager_answers=False))

    assert [hook.step for hook in call.webhooks] == ["status"]
    assert task_json(client, task_id, token)["attempts"] == []
    page = client.get(f"/followups/{task_id}").get_data(as_text=True)
    assert "Your phone did not answer, so Jane Doe was not called. Nothing was logged." in page


def test_a_dial_report_that_arrives_after_the_calls_end_still_logs_the_call(setup):
    app, twilio, client, task_id, token = setup
    call = place(client, twilio, task_id, CallScript(duration=95, status_first=True))
    assert [hook.step for hook in call.webhooks] == ["answer", "amd", "status", "dial"]
    [attempt] = task_json(client, task_id, token)["attempts"]
    assert (attempt["outcome"], attempt["verified"], attempt["talk_seconds"]) == ("reached", True, 95)


def test_a_manager_who_hangs_up_before_the_customer_answers_logs_nothing(setup):
    app, twilio, client, task_id, token = setup
    place(client, twilio, task_id, CallScript(dial_status="no-answer", answered_by=None, dial_report=False))
    assert task_json(client, task_id, token)["attempts"] == []
    state = client.get(f"/followups/{task_id}/call-state").get_json()
    assert state["text"] == "Ended before Jane Doe answered: nothing was logged." and not state["active"]


def test_twilio_retries_and_replays_record_nothing_new(setup):
    app, twilio, client, task_id, token = setup
    call = place(client, twilio, task_id, CallScript(answered_by="human", duration=95))
    before = task_json(client, task_id, token)

    for step in ("answer", "amd", "dial", "status"):
        assert twilio.player.replay(call, step) in (200, 204)
    assert task_json(client, task_id, token) == before
    assert attempts(app) == 1


def test_forged_voice_webhooks_are_refused_and_record_nothing(setup):
    app, twilio, client, task_id, token = setup
    gate = threading.Event()
    twilio.script_next(CallScript(gates={"answer": gate}))
    call_from_page(client, task_id)
    call = twilio.wait_for_calls(1)[0]
    with app.app_context():
        token_path = db.session.scalar(select(VoiceCall.token))
    forged = {
        "CallSid": call.sid,
        "DialCallStatus": "completed",
        "DialCallDuration": "300",
        "AnsweredBy": "human",
    }
    for step in ("answer", "amd", "dial", "status"):
        url = f"/webhooks/twilio/voice/{token_path}/{step}"
        assert client.post(url, data=forged).status_code == 403
        assert client.post(url, data=forged, headers={"X-Twilio-Signature": "bm90IGl0"}).status_code == 403
    assert attempts(app) == 0
    with app.app_context():
        assert db.session.scalar(select(VoiceCall.state)) == "ringing_you"
    gate.set()
    call.wait()


def test_the_call_state_moves_from_ringing_to_connected_to_ended(setup, clock):
    app, twilio, client, task_id, token = setup
    gates = {step: threading.Event() for step in ("answer", "amd", "dial")}
    twilio.script_next(CallScript(gates=gates, duration=72))
    call_from_page(client, task_id)
    call = twilio.wait_for_calls(1)[0]

    def state() -> dict:
        return client.get(f"/followups/{task_id}/call-state").get_json()

    assert (state()["state"], state()["text"]) == ("ringing_you", "Ringing your phone…")
    gates["answer"].set()
    wait_for(lambda: state()["state"] == "calling")
    assert state()["text"] == "Calling Jane Doe…"
    gates["amd"].set()
    wait_for(lambda: state()["state"] == "connected")
    clock.advance(seconds=72)
    assert state()["text"] == "Connected to Jane Doe, 01:12" and state()["connected_seconds"] == 72
    gates["dial"].set()
    call.wait()
    assert not state()["active"]
    assert state()["text"].startswith("Ended: reached Jane Doe, 01:12 talking.")


def test_the_api_places_a_call_and_answers_202_with_the_task(setup):
    app, twilio, client, task_id, token = setup
    auth = {"Authorization": f"Bearer {token}"}
    answer = client.post(f"/api/followups/{task_id}/calls", headers=auth)
    assert answer.status_code == 202 and answer.get_json()["id"] == task_id
    twilio.wait_for_calls(1)[0].wait()
    assert (
        client.post(f"/api/followups/{task_id}/calls", headers=auth).status_code == 409
    )  # closed by the call


def test_the_api_answers_422_when_voice_is_off_or_the_caller_has_no_phone(voice, clock):
    app, twilio = voice
    user_id, task_id, token = manager_and_task(app, clock, phone=None)
    client, auth = app.test_client(), {"Authorization": f"Bearer {token}"}
    answer = client.post(f"/api/followups/{task_id}/calls", headers=auth)
    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"
    assert "phone" in answer.get_json()["detail"]
    app.config["VOICE_CALLS"] = False
    assert client.post(f"/api/followups/{task_id}/calls", headers=auth).status_code == 422
    log_in(client, "morgan@example.com")
    page = client.get(f"/followups/{task_id}").get_data(as_text=True)
    assert "Calls through the app are off" in page and 'id="call-button"' not in page
    assert twilio.calls == []


def test_the_dashboard_separates_proven_reaches_from_hand_logged_ones(voice, clock):
    app, twilio = voice
    user_id, first, token = manager_and_task(app, clock)
    with app.app_context():
        second = factories.unhappy_task(clock.now(), name="Ana Ruiz", phone="+15551230002").id
        third = factories.unhappy_task(clock.now(), name="Li Wei", phone="+15551230003").id
    client = app.test_client()
    log_in(client, "morgan@example.com")
    place(client, twilio, first, CallScript(duration=95))
    place(client, twilio, second, CallScript(duration=45), count=2)
    logged = client.post(
        f"/followups/{third}/attempts", data={"outcome": "reached", "note": "Spoke at the shop."}
    )
    assert logged.status_code == 303

    page = text(client.get("/dashboard?from=2026-11-23&to=2026-11-23").get_data(as_text=True))
    assert "Reaches proven by the call 2 calls placed through the app that a person answered; 1 more" in page
    assert "Talk time 1:10 median" in page  # of 95 s and 45 s
