"""A local HTTP server that answers like Twilio's Messages and Calls APIs.

Tests and the demo send SMS and place calls through the real `twilio` client pointed here
(TWILIO_API_BASE), so request building, basic auth and error parsing are the library's
own, with no account and no network. Each call is then played as Twilio would play it
(devtools/fake_calls.py). Run `python -m devtools.fake_twilio --port 8026` to see each SMS
the demo sends and each call it places.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import threading
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from devtools.fake_calls import CallPlayer, CallScript, FakeCall, Transport, http_transport
from devtools.twilio_json import ReceivedSms, basic_auth, call_json, error_json, message_json

DEMO_ACCOUNT_SID = "AC" + "de" * 16
DEMO_AUTH_TOKEN = "demo-auth-token"  # noqa: S105  (the local stand-in's, not a real secret)

_MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/([^/]+)/Messages\.json$")
_CALLS_PATH = re.compile(r"^/2010-04-01/Accounts/([^/]+)/Calls\.json$")


class FakeTwilio:
    """Accepts SMS for one account, with errors queued or fixed per recipient."""

    def __init__(
        self,
        account_sid: str = DEMO_ACCOUNT_SID,
        auth_token: str = DEMO_AUTH_TOKEN,
        host: str = "127.0.0.1",
        port: int = 0,
        on_message: Callable[[ReceivedSms], None] | None = None,
        transport: Transport = http_transport,
        on_call: Callable[[FakeCall], None] | None = None,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.on_message = on_message
        self.on_call = on_call
        self._address = (host, port)
        self._received: list[ReceivedSms] = []
        self._changed = threading.Condition()
        self._queued_failures: deque[tuple[int, int | None]] = deque()
        self._failing_numbers: dict[str, tuple[int, int | None]] = {}
        self._calls: list[FakeCall] = []
        self._scripts: deque[CallScript] = deque()
        self.player = CallPlayer(auth_token, transport)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "FakeTwilio is not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def messages(self) -> list[ReceivedSms]:
        with self._changed:
            return list(self._received)

    def wait_for(self, count: int, timeout: float = 10) -> list[ReceivedSms]:
        """Block until `count` SMS arrived, for senders in another thread or process."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._received) >= count, timeout):
                raise TimeoutError(f"{len(self._received)} of {count} SMS arrived")
            return list(self._received)

    @property
    def calls(self) -> list[FakeCall]:
        with self._changed:
            return list(self._calls)

    def wait_for_calls(self, count: int, timeout: float = 10) -> list[FakeCall]:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._calls) >= count, timeout):
                raise TimeoutError(f"{len(self._calls)} of {count} calls placed")
            return list(self._calls)

    def script_next(self, *scripts: CallScript) -> None:
        """How the next calls go, in order; a call with no script left plays the default."""
        with self._changed:
            self._scripts.extend(scripts)

    def fail_next(self, status: int, code: int | None = None, times: int = 1) -> None:
        with self._changed:
            self._queued_failures.extend([(status, code)] * times)

    def fail_for(self, number: str, status: int, code: int | None) -> None:
        with self._changed:
            self._failing_numbers[number] = (status, code)

    def start(self) -> FakeTwilio:
        self._server = _Server(self._address, _Handler)
        self._server.fake = self
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _answer(self, account_sid: str, user: str, form: dict[str, str]) -> tuple[int, dict]:
        """Decide the response to an authenticated Messages request."""
        for name, code in (("To", 21604), ("From", 21603), ("Body", 21602)):
            if not form.get(name):
                return 400, error_json(400, code)
        with self._changed:
            failure = self._failing_numbers.get(form["To"]) or (
                self._queued_failures.popleft() if self._queued_failures else None
            )
        if failure:
            return failure[0], error_json(*failure)
        sms = ReceivedSms(
            sid="SM" + secrets.token_hex(16),
            account_sid=account_sid,
            auth_user=user,
            to=form["To"],
            from_=form["From"],
            body=form["Body"],
            status_callback=form.get("StatusCallback"),
        )
        with self._changed:
            self._received.append(sms)
            self._changed.notify_all()
        if self.on_message:
            self.on_message(sms)
        return 201, message_json(sms)

    def _place(self, account_sid: str, form: dict[str, str]) -> tuple[int, dict]:
        """Accept an authenticated Calls request, then play the call in the background."""
        for name, code in (("To", 21201), ("From", 21603), ("Url", 21205)):
            if not form.get(name):
                return 400, error_json(400, code)
        with self._changed:
            failure = self._failing_numbers.get(form["To"]) or (
                self._queued_failures.popleft() if self._queued_failures else None
            )
            script = self._scripts.popleft() if self._scripts else CallScript()
        if failure:
            return failure[0], error_json(*failure)
        call = FakeCall(
            sid="CA" + secrets.token_hex(16),
            account_sid=account_sid,
            to=form["To"],
            from_=form["From"],
            url=form["Url"],
            status_callback=form.get("StatusCallback"),
            script=script,
        )
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()
        if self.on_call:
            self.on_call(call)
        self.player.start(call)
        return 201, call_json(call.sid, account_sid, call.to, call.from_)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeTwilio


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        fake = self.server.fake
        match = _MESSAGES_PATH.match(self.path) or _CALLS_PATH.match(self.path)
        user, password = basic_auth(self.headers.get("Authorization", ""))
        if (user, password) != (fake.account_sid, fake.auth_token):
            self._reply(401, error_json(401, 20003))
        elif not match or match.group(1) != fake.account_sid:
            self._reply(404, error_json(404, 20404))
        else:
            length = int(self.headers.get("Content-Length") or 0)
            pairs = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
            form = {name: values[0] for name, values in pairs.items()}
            if match.re is _CALLS_PATH:
                self._reply(*fake._place(match.group(1), form))
            else:
                self._reply(*fake._answer(match.group(1), user, form))

    def _reply(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="Twilio API"')
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: request lines would clutter test output and the demo's SMS log."""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8026)
    env = os.environ.get
    parser.add_argument("--account-sid", default=env("TWILIO_ACCOUNT_SID", DEMO_ACCOUNT_SID))
    parser.add_argument("--auth-token", default=env("TWILIO_AUTH_TOKEN", DEMO_AUTH_TOKEN))
    args = parser.parse_args(argv)

    def show(sms: ReceivedSms) -> None:
        print(f"SMS to {sms.to} ({len(sms.body)} chars): {sms.body}", flush=True)

    def ring(call: FakeCall) -> None:
        print(f"Call to {call.to}: both phones answered, 95 s of talk (played against the app)", flush=True)

    fake = FakeTwilio(args.account_sid, args.auth_token, args.host, args.port, show, on_call=ring)
    with fake:
        print(f"Fake Twilio for {args.account_sid} at {fake.url}", flush=True)
        print(f"Set TWILIO_API_BASE={fake.url}; Ctrl-C stops it.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
