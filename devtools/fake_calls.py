"""Twilio's side of a call, played against the app: the stand-in for Twilio Voice.

When the app creates a call (`POST .../Calls.json`), the fake plays what Twilio would do, each
request signed with the account's auth token as Twilio signs it: ring the manager and fetch the
TwiML from `Url` (or report `no-answer` to `StatusCallback`), dial the `<Number>` the TwiML names,
report answering machine detection to its `amdStatusCallback`, then the Dial's end to the
`<Dial action>`, and the manager's leg's end to `StatusCallback`. A `CallScript` says how the
call goes; its gates let a test hold the call at a step (to watch the page) and let it go on.
"""

from __future__ import annotations

import secrets
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from twilio.request_validator import RequestValidator

# (url, form, headers) -> (status, body): how a webhook reaches the app. Over HTTP by default;
# tests of the app in-process pass one that goes through Flask's test client.
Transport = Callable[[str, dict[str, str], dict[str, str]], tuple[int, str]]
STEPS = ("answer", "amd", "dial", "status")
GATE_TIMEOUT = 60


def http_transport(url: str, form: dict[str, str], headers: dict[str, str]) -> tuple[int, str]:
    answer = requests.post(url, data=form, headers=headers, timeout=15)
    return answer.status_code, answer.text


@dataclass
class CallScript:
    """How one call goes. The default: both phones answered by people, 95 seconds of talk."""

    manager_answers: bool = True
    manager_status: str = "no-answer"  # the manager's leg when they don't pick up
    dial_status: str = "completed"  # DialCallStatus of the customer's leg
    duration: int = 95  # DialCallDuration
    answered_by: str | None = "human"  # AnsweredBy; None sends no AMD report
    dial_report: bool = True  # False: the manager hung up first, Twilio sends no Dial report
    status_first: bool = False  # the manager's leg's end reaches the app before the Dial report
    gates: dict[str, threading.Event] = field(default_factory=dict)  # step -> wait before it


@dataclass
class SentWebhook:
    step: str
    url: str
    form: dict[str, str]
    headers: dict[str, str]
    status: int
    body: str


@dataclass
class FakeCall:
    """One call the fake accepted, and every webhook it sent the app about it."""

    sid: str
    account_sid: str
    to: str
    from_: str
    url: str
    status_callback: str | None
    script: CallScript
    dial_sid: str = field(default_factory=lambda: "CA" + secrets.token_hex(16))
    webhooks: list[SentWebhook] = field(default_factory=list)
    twiml: str = ""
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def sent(self, step: str) -> SentWebhook:
        return next(hook for hook in self.webhooks if hook.step == step)

    def wait(self, timeout: float = 30) -> FakeCall:
        if not self.done.wait(timeout):
            raise TimeoutError(f"call {self.sid} still going after {timeout}s")
        if self.error:
            raise AssertionError(f"call {self.sid}: {self.error}")
        return self

    def dial(self) -> dict[str, str]:
        """The TwiML's <Dial> and <Number> attributes, and the number, as one flat dict."""
        root = ElementTree.fromstring(self.twiml)  # noqa: S314  (the app under test's own TwiML)
        dial = root.find("Dial")
        if dial is None:
            return {}
        number = dial.find("Number")
        found = {f"Dial.{name}": value for name, value in dial.attrib.items()}
        if number is not None:
            found.update({f"Number.{name}": value for name, value in number.attrib.items()})
            found["number"] = (number.text or "").strip()
        return found

    def says(self) -> list[str]:
        root = ElementTree.fromstring(self.twiml)  # noqa: S314
        return [say.text or "" for say in root.iter("Say")]


class CallPlayer:
    """Plays each call in its own thread, signing every request with `auth_token`."""

    def __init__(self, auth_token: str, transport: Transport = http_transport) -> None:
        self.auth_token = auth_token
        self.transport = transport

    def start(self, call: FakeCall) -> None:
        threading.Thread(target=self._play, args=(call,), daemon=True).start()

    def post(self, call: FakeCall, step: str, url: str, form: dict[str, str]) -> SentWebhook:
        headers = {
            "X-Twilio-Signature": RequestValidator(self.auth_token).compute_signature(url, form),
            "I-Twilio-Idempotency-Token": secrets.token_hex(16),
        }
        status, body = self.transport(url, form, headers)
        hook = SentWebhook(step, url, form, headers, status, body)
        call.webhooks.append(hook)
        return hook

    def replay(self, call: FakeCall, step: str) -> int:
        """Send a step's request again, byte for byte, as Twilio's retries do."""
        hook = call.sent(step)
        return self.transport(hook.url, hook.form, hook.headers)[0]

    def _gate(self, call: FakeCall, step: str) -> None:
        gate = call.script.gates.get(step)
        if gate is not None and not gate.wait(GATE_TIMEOUT):
            raise TimeoutError(f"gate {step} never opened")

    def _play(self, call: FakeCall) -> None:
        try:
            self._run(call)
        except Exception as error:  # noqa: BLE001  (kept for the test to report)
            call.error = f"{type(error).__name__}: {error}"
        finally:
            call.done.set()

    def _run(self, call: FakeCall) -> None:
        script = call.script
        base = {"CallSid": call.sid, "AccountSid": call.account_sid, "From": call.from_, "To": call.to,
                "Direction": "outbound-api", "ApiVersion": "2010-04-01"}  # fmt: skip
        self._gate(call, "answer")
        if not script.manager_answers:
            self._status(call, base, script.manager_status, 0)
            return
        hook = self.post(call, "answer", call.url, base | {"CallStatus": "in-progress"})
        if hook.status != 200:
            raise AssertionError(f"TwiML request answered {hook.status}")
        call.twiml = hook.body
        dial = call.dial()
        if not dial:
            self._status(call, base, "completed", 5)
            return
        person_answered = script.dial_status == "completed"
        if person_answered and script.answered_by is not None and dial.get("Number.amdStatusCallback"):
            self._gate(call, "amd")
            amd = {"CallSid": call.dial_sid, "AccountSid": call.account_sid,
                   "AnsweredBy": script.answered_by, "MachineDetectionDuration": "2100"}  # fmt: skip
            self.post(call, "amd", dial["Number.amdStatusCallback"], amd)
        self._gate(call, "dial")
        if script.status_first:
            self._status(call, base, "completed", script.duration + 8)
        if script.dial_report and dial.get("Dial.action"):
            report = base | {
                "CallStatus": "in-progress",
                "DialCallSid": call.dial_sid,
                "DialCallStatus": script.dial_status,
                "DialCallDuration": str(script.duration if person_answered else 0),
            }
            self.post(call, "dial", dial["Dial.action"], report)
        self._gate(call, "status")
        if not script.status_first:
            self._status(call, base, "completed", script.duration + 8)

    def _status(self, call: FakeCall, base: dict[str, str], status: str, seconds: int) -> None:
        if call.status_callback:
            form = base | {"CallStatus": status, "CallDuration": str(seconds)}
            self.post(call, "status", call.status_callback, form)
