"""A newcomer's first hour: `scripts/demo.sh` serves the demo on ports they choose, prints the
caught email as readable text with its links, `flask tickets send-test` sends a ticket without
writing a signer, and Ctrl-C ends it all without a traceback."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest
import requests

from tests.support.processes import REPO, flask, free_port, wait_for
from tests.support.webhooks import SECRET


def test_send_test_posts_a_signed_ticket_and_can_answer_it_unhappily(stack, smtp, twilio, manager):
    try:
        sent = flask(stack["env"], "tickets", "send-test", "--email", "newcomer@example.com",
                     "--phone", "+15557654321", "--unhappy", timeout=180).stdout  # fmt: skip
    except subprocess.CalledProcessError as error:
        raise AssertionError(error.stdout + error.stderr) from None
    assert re.search(
        r"POST http://127\.0\.0\.1:\d+/webhooks/tickets -> 202 .*\"status\": ?\"scheduled\"", sent
    )
    assert "Answered its survey: rating 2" in sent and "-> 303" in sent
    # The survey was answered at once, so its invitation may be withdrawn before the worker
    # sends it ("no longer needed"): what must exist is the follow-up.
    token = flask(stack["env"], "users", "token", manager).stdout.strip()
    tasks = requests.get(
        stack["url"] + "/api/followups", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    [task] = tasks.json()["items"]
    assert task["customer"]["email"] == "newcomer@example.com" and task["response"]["rating"] == 2


def test_send_test_says_what_is_wrong_when_the_secret_is_missing_or_refused(stack):
    with pytest.raises(subprocess.CalledProcessError) as missing:
        flask({**stack["env"], "WEBHOOK_SECRET": ""}, "tickets", "send-test")
    assert "WEBHOOK_SECRET is not set" in missing.value.stderr
    wrong = "whsec_" + "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA=="
    with pytest.raises(subprocess.CalledProcessError) as refused:
        flask({**stack["env"], "WEBHOOK_SECRET": wrong}, "tickets", "send-test")
    assert "-> 401" in refused.value.stdout


# The demo always runs on its own SQLite file, whatever the pass's DATABASE_URL: one pass runs it.
@pytest.mark.one_pass("sqlite")
def test_demo_script_serves_on_chosen_ports_prints_readable_mail_and_stops_quietly(tmp_path):
    ports = {"DEMO_APP_PORT": free_port(), "DEMO_SMTP_PORT": free_port(), "DEMO_TWILIO_PORT": free_port()}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "WERKZEUG_", "DATABASE_URL"))}
    env.update({name: str(port) for name, port in ports.items()})
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.db'}", WEBHOOK_SECRET=SECRET, PYTHONUNBUFFERED="1")
    url = f"http://localhost:{ports['DEMO_APP_PORT']}"
    log = tmp_path / "demo.log"
    with open(log, "w") as out:
        demo = subprocess.Popen(["bash", "scripts/demo.sh"], cwd=REPO, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=_as_from_a_terminal)  # fmt: skip
    try:
        wait_for(lambda: "Open " + url in log.read_text(), timeout=240, interval=1)
        wait_for(lambda: _answers(url + "/healthz"), timeout=60, interval=0.5)
        sent = flask({**env, "PUBLIC_BASE_URL": url, "APP_ENV": "development"}, "tickets", "send-test",
                     "--email", "first.hour@example.com").stdout  # fmt: skip
        assert "-> 202" in sent
        printed = wait_for(lambda: _email_to("first.hour@example.com", log.read_text()), timeout=60)
        assert "Subject: Acme Repairs: how did we do? Test ticket: printer offline" in printed
        assert re.search(rf"open your survey: {re.escape(url)}/s/[A-Za-z0-9_-]+", printed)
        assert "base64" not in printed and "Content-Transfer-Encoding" not in printed
        sms = r"SMS to \+1555\d+ \(\d+ chars\): Acme Repairs: How did we do"
        assert wait_for(lambda: re.search(sms, log.read_text()), timeout=60)  # may come after the email
    finally:
        before = len(log.read_text())
        os.killpg(demo.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends to the whole group
        try:
            demo.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(demo.pid, signal.SIGKILL)  # leave nothing running for the next test
            raise AssertionError("the demo did not stop; it printed:\n" + log.read_text()[before:]) from None
    after_ctrl_c = log.read_text()[before:]
    assert "Traceback" not in after_ctrl_c and "KeyboardInterrupt" not in after_ctrl_c
    assert after_ctrl_c.rstrip().endswith("Demo stopped.") and demo.returncode == 0
    time.sleep(0.5)
    assert not _answers(url + "/healthz")  # everything it started has stopped


def _as_from_a_terminal() -> None:
    """Ctrl-C and Ctrl-\\ reach the demo as they do from a terminal. The suite's passes run in
    the background of a non-interactive shell (scripts/test.sh), which starts them with SIGINT
    and SIGQUIT ignored; a shell started so cannot trap them, and the demo's Ctrl-C would stop
    only the processes that set their own handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _email_to(address: str, log: str) -> str | None:
    """The printed email to `address`, up to whatever was printed after it."""
    header = f"----- email to {address} -----"
    start = log.find(header)
    if start < 0:
        return None
    end = log.find("-----", start + len(header))
    return log[start : end if end > 0 else None]
