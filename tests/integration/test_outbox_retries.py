"""Provider failures through the real outbox: retried with growing, jittered waits, or given up
at once, and either way a dead letter with its reason that an operator can send again.

Time moves only when a test advances the FixedClock; the SMTP and Twilio peers are real local
servers answering the way the providers do.
"""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from notify.delivery import Deliverer
from notify.kinds import Kind, Registry
from notify.models import DEAD, PENDING, SENT, OutboxMessage
from notify.outbox import enqueue
from scheduler.jobs import deliver
from survey.models import Customer
from tests.support.peers import local_mailer, local_sms
from tests.support.webhooks import SECRET, signed, ticket_closed

JANE_EMAIL, JANE_PHONE = "jane@example.com", "+15551234567"


@pytest.fixture
def build(make_app, smtp, twilio):
    """An app like the suite's `app`, with a few attempts and, if asked, an SMTP port nobody serves."""

    def build_app(smtp_port: int | None = None, **overrides):
        mailer, sms = local_mailer(smtp, smtp_port), local_sms(twilio)
        settings = dict(WEBHOOK_SECRET=SECRET, PUBLIC_BASE_URL="http://survey.test", OUTBOX_MAX_ATTEMPTS=3)
        return make_app(mailer=mailer, sms=sms, **(settings | overrides))

    return build_app


def close_ticket(app, clock) -> None:
    headers, body = signed(ticket_closed("T-1001"), clock.now())
    assert app.test_client().post("/webhooks/tickets", data=body, headers=headers).status_code == 202


def send_due(app) -> None:
    with app.app_context():
        deliver(app, app.extensions["deliverer_factory"]())


def row(app, channel: str) -> OutboxMessage:
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.channel == channel))
        db.session.expunge(message)
        return message


def assert_backoff(message: OutboxMessage, now, attempts: int) -> None:
    """Exponential from 30 s, jittered down by at most half."""
    ceiling = 30 * 2 ** (attempts - 1)
    assert timedelta(seconds=ceiling / 2) <= message.due_at - now <= timedelta(seconds=ceiling)


@pytest.mark.parametrize(
    ("status", "code", "reason"),
    [
        (429, 20429, "twilio 20429 too many requests"),
        (500, None, "twilio http 500"),
        (503, None, "twilio http 503"),
        (400, 30001, "twilio 30001 queue overflow"),
    ],
)
def test_twilio_overload_is_retried_with_backoff_and_sent_once(build, clock, twilio, status, code, reason):
    app = build()
    twilio.fail_next(status, code, times=2)
    close_ticket(app, clock)

    for attempt in (1, 2):
        send_due(app)
        sms = row(app, "sms")
        assert (sms.status, sms.attempts, sms.last_error) == (PENDING, attempt, reason)
        assert_backoff(sms, clock.now(), attempt)
        send_due(app)  # not due yet: nothing is sent early
        assert row(app, "sms").attempts == attempt
        clock.advance(seconds=30 * 2 ** (attempt - 1))

    send_due(app)
    assert [m.to for m in twilio.messages] == [JANE_PHONE]
    assert (row(app, "sms").status, row(app, "sms").attempts) == (SENT, 3)


def test_smtp_temporary_refusal_is_retried_until_max_attempts_then_dead(build, clock, smtp):
    app = build()
    smtp.refuse_all_recipients("451 4.3.0 Try again later")
    close_ticket(app, clock)

    for attempt in (1, 2):
        send_due(app)
        email = row(app, "email")
        assert (email.status, email.attempts, email.last_error) == (PENDING, attempt, "smtp 451 on recipient")
        assert_backoff(email, clock.now(), attempt)
        clock.advance(hours=1)
    send_due(app)

    email = row(app, "email")
    assert (email.status, email.attempts) == (DEAD, 3)
    assert email.last_error == "smtp 451 on recipient; gave up after 3 attempts"
    assert smtp.messages == []


def test_smtp_server_down_is_retried(build, clock, smtp):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        app = build(smtp_port=closed.getsockname()[1])
        close_ticket(app, clock)
        send_due(app)

    email = row(app, "email")
    assert (email.status, email.attempts, email.last_error) == (PENDING, 1, "connection refused")
    assert_backoff(email, clock.now(), 1)


def test_smtp_refused_recipient_is_dead_at_once(build, clock, smtp):
    app = build()
    smtp.refuse_recipient(JANE_EMAIL, "550 5.1.1 No such user")
    close_ticket(app, clock)
    send_due(app)

    email = row(app, "email")
    assert (email.status, email.attempts, email.last_error) == (DEAD, 1, "smtp 550 on recipient")


@pytest.mark.parametrize(
    ("code", "reason", "opted_out"),
    [
        (21610, "twilio 21610 unsubscribed", True),
        (21211, "twilio 21211 invalid to number", False),
        (21614, "twilio 21614 not a mobile number", False),
    ],
)
def test_twilio_refused_number_is_dead_at_once(build, clock, twilio, code, reason, opted_out):
    app = build()
    twilio.fail_for(JANE_PHONE, 400, code)
    close_ticket(app, clock)
    send_due(app)

    sms = row(app, "sms")
    assert (sms.status, sms.attempts, sms.last_error) == (DEAD, 1, reason)
    with app.app_context():
        customer = db.session.scalar(select(Customer).where(Customer.email == JANE_EMAIL))
        assert (customer.opted_out_at is not None) is opted_out


def test_dead_letter_is_listed_and_sent_again_by_the_cli(build, clock, twilio):
    app = build()
    twilio.fail_next(400, 21211)
    close_ticket(app, clock)
    send_due(app)
    dead = row(app, "sms")
    cli = app.test_cli_runner()

    listed = cli.invoke(args=["outbox", "list", "--status", "dead"])
    assert listed.exit_code == 0
    assert f"{dead.id}" in listed.output and "twilio 21211 invalid to number" in listed.output
    assert "survey_invite" in listed.output and JANE_EMAIL not in listed.output

    retried = cli.invoke(args=["outbox", "retry", str(dead.id)])
    assert (retried.exit_code, retried.output.strip()) == (0, f"message {dead.id} queued again")
    send_due(app)
    assert [m.to for m in twilio.messages] == [JANE_PHONE]
    assert row(app, "sms").status == SENT
    assert "is sent, not dead" in cli.invoke(args=["outbox", "retry", str(dead.id)]).output


def test_a_failing_renderer_is_retried_then_dead_without_blocking_the_queue(build, clock, smtp):
    app = build()

    def broken(session, message):
        raise ZeroDivisionError

    registry = Registry({"broken": Kind(render=broken)})
    deliverer = Deliverer(
        registry=registry, mailer=app.extensions["adapters"].mailer, sms=None, max_attempts=2
    )
    with app.app_context():
        enqueue(
            db.session,
            kind="broken",
            ref_id=1,
            channel="email",
            recipient="x@example.com",
            due_at=clock.now(),
            dedupe_key="broken:1",
            now=clock.now(),
        )
        db.session.commit()
        deliverer.run(db.session, clock, 10, 60)
        clock.advance(minutes=1)
        deliverer.run(db.session, clock, 10, 60)
        message = db.session.scalar(select(OutboxMessage))
        assert (message.status, message.attempts) == (DEAD, 2)
        assert message.last_error == "unexpected ZeroDivisionError; gave up after 2 attempts"
        assert message.lease_owner is None
