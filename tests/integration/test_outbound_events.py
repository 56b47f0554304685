"""Outbound events reach a real local HTTP receiver, signed, retried, and once per event."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks.webhooks import Webhook

from core.extensions import db
from followup.attempts import log_attempt
from followup.tasks import policy_from_config
from notify.models import OutboxMessage
from scheduler.jobs import tick
from tests.support import factories
from tests.support.peers import local_mailer

SECRET = "whsec_" + "b3V0Ym91bmQtZXZlbnRzLXNlY3JldC0xMjM0NTY3OA=="


class Receiver(ThreadingHTTPServer):
    """A ticket system's webhook endpoint: verifies each delivery, can fail on demand."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.events: list[dict] = []
        self.ids: list[str] = []
        self.fail_next = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        if self.server.fail_next:
            self.server.fail_next -= 1
            self.send_response(503)
            self.end_headers()
            return
        payload = Webhook(SECRET).verify(body, dict(self.headers.items()))  # raises if forged
        self.server.events.append(payload)
        self.server.ids.append(self.headers["webhook-id"])
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def test_answer_task_opened_and_closed_are_sent_signed_and_retried(make_app, smtp, receiver, clock):
    mailer = local_mailer(smtp)
    app = make_app(OUTBOUND_WEBHOOK_URL=receiver.url, OUTBOUND_WEBHOOK_SECRET=SECRET, mailer=mailer)
    with app.app_context():
        task = factories.unhappy_task(clock.now(), rating=1, comment="Still broken.")
        clock.advance(minutes=10)  # the factory answers five minutes after the ticket closed
        receiver.fail_next = 1  # the ticket system is down for the first try
        tick(app, "test", app.extensions["deliverer_factory"]())
        errors = [m.last_error for m in db.session.query(OutboxMessage).filter_by(channel="webhook")]
        assert len(receiver.events) == 1, errors
        clock.advance(minutes=5)
        tick(app, "test", app.extensions["deliverer_factory"]())
        assert sorted(e["type"] for e in receiver.events) == ["survey.answered", "task.opened"]
        answered = next(e for e in receiver.events if e["type"] == "survey.answered")["data"]
        assert answered["rating"] == 1 and answered["unhappy"] is True and answered["reasons"]

        log_attempt(
            db.session,
            task,
            user=None,
            outcome="reached",
            note="All sorted.",
            callback_at=None,
            policy=policy_from_config(app.config),
            default_tz="UTC",
            now=clock.now(),
        )
        db.session.commit()
        tick(app, "test", app.extensions["deliverer_factory"]())
        closed = receiver.events[-1]
        assert closed["type"] == "task.closed" and closed["data"]["status"] == "closed"
        assert len(set(receiver.ids)) == len(receiver.ids) == 3
        rows = db.session.query(OutboxMessage).filter_by(channel="webhook").all()
        assert {r.status for r in rows} == {"sent"} and max(r.attempts for r in rows) == 2


def test_no_url_no_events(app, clock):
    with app.app_context():
        factories.unhappy_task(clock.now())
        assert db.session.query(OutboxMessage).filter_by(channel="webhook").count() == 0
