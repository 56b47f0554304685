"""Calls through the running app: gunicorn, the worker, the real `twilio` client and the fake
Twilio playing each call over HTTP against PUBLIC_BASE_URL, as Twilio would."""

from __future__ import annotations

import threading

import pytest
import requests
from playwright.sync_api import expect, sync_playwright

from devtools.fake_calls import CallScript
from tests.support.browser import CHROMIUM_FLAGS, shot
from tests.support.factories import PASSWORD
from tests.support.journeys import unhappy_customer
from tests.support.processes import flask

# A call's course through the app and the Twilio stand-in; its rules run on both databases in
# tests/integration/test_voice_calls.py.
pytestmark = pytest.mark.one_pass("sqlite")

# A gunicorn worker's first answer loads the assessment model: slow on a busy machine.
ANSWER_TIMEOUT = 60
OUTCOMES = {
    "reached@example.com": (CallScript(answered_by="human", duration=95), "reached"),
    "voicemail@example.com": (CallScript(answered_by="machine_end_beep", duration=31), "voicemail"),
    "noanswer@example.com": (CallScript(dial_status="no-answer", answered_by=None), "no_answer"),
    "busy@example.com": (CallScript(dial_status="busy", answered_by=None), "busy"),
    "short@example.com": (CallScript(answered_by="human", duration=8), None),
    "missed@example.com": (CallScript(manager_answers=False), None),
}


@pytest.fixture
def api(stack, manager) -> requests.Session:
    session = requests.Session()
    token = flask(stack["env"], "users", "token", manager).stdout.strip()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def test_every_call_outcome_logs_itself_through_the_running_app(stack, smtp, twilio, api):
    url = stack["url"]
    for n, email in enumerate(OUTCOMES):
        customer = {"id": f"C-30{n}", "email": email, "name": email.split("@")[0], "phone": f"+1555123400{n}"}
        unhappy_customer(url, smtp, f"T-30{n}", ANSWER_TIMEOUT, **customer)
    tasks = {
        t["customer"]["email"]: t["id"] for t in api.get(url + "/api/followups", timeout=10).json()["items"]
    }

    for n, (email, (script, _)) in enumerate(OUTCOMES.items(), start=1):
        twilio.script_next(script)
        answer = api.post(f"{url}/api/followups/{tasks[email]}/calls", timeout=15)
        assert answer.status_code == 202, answer.text
        twilio.wait_for_calls(n)[n - 1].wait()

    for email, (_, outcome) in OUTCOMES.items():
        task = api.get(f"{url}/api/followups/{tasks[email]}", timeout=10).json()
        logged = [(a["outcome"], a["verified"]) for a in task["attempts"]]
        assert logged == ([(outcome, True)] if outcome else []), email
        assert task["status"] == ("closed" if outcome == "reached" else "open"), email
    reached = api.get(f"{url}/api/followups/{tasks['reached@example.com']}", timeout=10).json()
    assert reached["attempts"][0]["talk_seconds"] == 95

    # Twilio's retries of the same webhooks change nothing.
    first = twilio.calls[0]
    for step in ("answer", "amd", "dial", "status"):
        assert twilio.player.replay(first, step) in (200, 204)
    assert api.get(f"{url}/api/followups/{tasks['reached@example.com']}", timeout=10).json() == reached
    forged = requests.post(first.sent("dial").url, data=first.sent("dial").form, timeout=10)
    assert forged.status_code == 403


@pytest.fixture
def desk():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        yield page
        chromium.close()


def test_pressing_call_shows_the_call_live_on_the_task_page(stack, smtp, twilio, manager, desk):
    url = stack["url"]
    unhappy_customer(url, smtp, "T-3101", ANSWER_TIMEOUT)
    gates = {step: threading.Event() for step in ("answer", "dial")}
    twilio.script_next(CallScript(answered_by="human", duration=64, gates=gates))

    desk.goto(url + "/login")
    desk.get_by_label("Email").fill(manager)
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Log in").click()
    desk.get_by_role("link", name="Jane Doe").click()
    desk.get_by_role("button", name="Call Jane Doe").click()

    state = desk.locator("#call-state")
    expect(state).to_have_text("Ringing your phone…")
    expect(desk.get_by_role("button", name="Call Jane Doe")).to_be_disabled()
    shot(desk, "call-ringing")
    gates["answer"].set()
    expect(state).to_contain_text("Connected to Jane Doe, 00:0", timeout=15000)
    shot(desk, "call-connected")
    gates["dial"].set()
    expect(state).to_contain_text("Ended: reached Jane Doe, 01:04 talking.", timeout=15000)
    twilio.calls[0].wait()
    shot(desk, "call-ended")
    # The page then reloads by itself to show the logged call and the closed task.
    expect(desk.locator(".task-status .badge.closed")).to_have_text("closed", timeout=15000)
    expect(desk.get_by_label("The call reached Jane Doe and closed the task. What was said?")).to_be_visible()
    desk.get_by_label("The call reached Jane Doe and closed the task. What was said?").fill(
        "Replacement sent."
    )
    desk.get_by_role("button", name="Save note").click()
    expect(desk.get_by_text("Note saved.")).to_be_visible()
    expect(desk.get_by_role("cell", name="Replacement sent.")).to_be_visible()
    shot(desk, "call-noted")
