"""`flask --app wsgi worker` as real processes: nothing lost, nothing sent twice.

On PostgreSQL three workers share the queue (the row locks are what is under test); on SQLite,
where one worker is the supported setup, the same scenarios run with one. What counts is what
the local SMTP server and the Twilio stand-in received.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core.clock import SystemClock
from core.extensions import db
from devtools.fake_twilio import DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN
from notify.models import PENDING, SENT, OutboxMessage
from notify.outbox import enqueue
from scheduler.jobs import tick
from survey import tokens
from survey.models import Customer, Survey, Ticket
from tests.conftest import is_postgres
from tests.support.peers import local_mailer
from tests.support.processes import app_env, wait_for, worker
from tests.support.smtp_server import SmtpCatcher

pytestmark = pytest.mark.postgres
POSTGRES = is_postgres(os.environ.get("DATABASE_URL", ""))
WORKERS = 3 if POSTGRES else 1
SURVEYS = 500 if POSTGRES else 100  # one SQLite worker commits slowly; the scenario is the same


class SlowSmtp(SmtpCatcher):
    """A mail server taking 10 ms per message, so a batch is still in hand when a signal lands."""

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(0.01)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp():
    with SlowSmtp() as catcher:
        yield catcher


def seed(app, count: int, sms: bool) -> None:
    """`count` closed tickets whose surveys are due now, by email (and SMS): rows the renderers load."""
    now = datetime.now(UTC)
    with app.app_context():
        surveys = []
        for i in range(count):
            customer = Customer(
                source="generic",
                external_id=f"C-{i}",
                name=f"Customer {i}",
                email=f"c{i}@example.com",
                phone=f"+1555{i:07d}" if sms else None,
                created_at=now,
                updated_at=now,
            )
            ticket = Ticket(
                customer=customer,
                source="generic",
                external_id=f"T-{i}",
                subject="Printer offline",
                status="closed",
                closed_at=now,
                created_at=now,
            )
            nonce = tokens.new_nonce()
            surveys.append(
                Survey(
                    ticket=ticket,
                    customer=customer,
                    token_nonce=nonce,
                    token_hash=tokens.token_hash(nonce),
                    status="scheduled",
                    channels="email,sms" if sms else "email",
                    send_at=now,
                    expires_at=now + timedelta(days=28),
                    created_at=now,
                )
            )
        db.session.add_all(surveys)
        db.session.flush()
        for survey in surveys:
            for channel in survey.channels.split(","):
                recipient = survey.customer.email if channel == "email" else survey.customer.phone
                enqueue(
                    db.session,
                    kind="survey_invite",
                    ref_id=survey.id,
                    channel=channel,
                    recipient=recipient,
                    due_at=now - timedelta(minutes=1),
                    dedupe_key=f"survey:{survey.id}:{channel}",
                    now=now,
                )
        db.session.commit()


def count(app, *where) -> int:
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*where))
        db.session.remove()
        return total


def env_for(migrated, smtp, twilio=None, **settings: str) -> dict[str, str]:
    sms = {}
    if twilio is not None:
        sms = dict(
            TWILIO_ACCOUNT_SID=DEMO_ACCOUNT_SID,
            TWILIO_AUTH_TOKEN=DEMO_AUTH_TOKEN,
            TWILIO_FROM_NUMBER="+15550009999",
            TWILIO_API_BASE=twilio.url,
        )
    return app_env(
        DATABASE_URL=migrated,
        MAIL_SERVER=smtp.host,
        MAIL_PORT=str(smtp.port),
        SCHEDULER_INTERVAL_SECONDS="0.5",
        **sms,
        **settings,
    )


def received(smtp, twilio=None) -> Counter:
    arrived = Counter(m["To"] for m in smtp.messages)
    arrived.update(m.to for m in (twilio.messages if twilio else []))
    return arrived


def expected(total: int, sms: bool) -> set[str]:
    return {f"c{i}@example.com" for i in range(total)} | (
        {f"+1555{i:07d}" for i in range(total)} if sms else set()
    )


def test_workers_deliver_a_thousand_messages_each_exactly_once(make_app, migrated, smtp, twilio, tmp_path):
    app = make_app()
    seed(app, SURVEYS, sms=True)  # on PostgreSQL 500 emails + 500 SMS
    env = env_for(migrated, smtp, twilio)
    with ExitStack() as stack:
        for n in range(WORKERS):
            stack.enter_context(worker(env, tmp_path / f"worker{n}.log"))
        wait_for(lambda: count(app, OutboxMessage.status == PENDING) == 0, timeout=180)

    arrived = received(smtp, twilio)
    assert set(arrived) == expected(SURVEYS, sms=True)
    assert [who for who, times in arrived.items() if times > 1] == []
    assert count(app, OutboxMessage.status == SENT) == 2 * SURVEYS
    # Working through the backlog took many intervals, without a skipped run logged at each.
    logs = [(tmp_path / f"worker{n}.log").read_text() for n in range(WORKERS)]
    assert [log for log in logs if "skipped" in log] == []


def test_messages_of_a_killed_worker_arrive_after_its_lease(make_app, migrated, slow_smtp, twilio, tmp_path):
    app = make_app()
    seed(app, 150, sms=True)
    env = env_for(
        migrated, slow_smtp, twilio, OUTBOX_LEASE_SECONDS="3", OUTBOX_BATCH_SIZE="20", OUTBOX_COMMIT_EVERY="5"
    )
    with ExitStack() as stack:
        victim = stack.enter_context(worker(env, tmp_path / "victim.log"))
        held = OutboxMessage.lease_owner.like(f"%:{victim.pid}/%"), OutboxMessage.status == PENDING
        while True:  # freeze it while it holds a claimed batch, then kill it there
            wait_for(lambda: count(app, *held) > 0, timeout=60, interval=0.01)
            victim.send_signal(signal.SIGSTOP)
            if count(app, *held) > 0:
                break
            victim.send_signal(signal.SIGCONT)
        stranded = count(app, *held)
        victim.kill()
        victim.wait(timeout=10)
        for n in range(max(WORKERS - 1, 1)):
            stack.enter_context(worker(env, tmp_path / f"worker{n}.log"))
        wait_for(lambda: count(app, OutboxMessage.status == PENDING) == 0, timeout=180)

    assert stranded > 0
    arrived = received(slow_smtp, twilio)
    assert set(arrived) == expected(150, sms=True)
    # What a killed worker may have handed over without recording it: its uncommitted group.
    assert sum(times - 1 for times in arrived.values()) <= 5


def test_a_group_is_sent_side_by_side_over_one_connection_per_sending_thread(make_app, slow_smtp):
    app = make_app(clock=SystemClock(), mailer=local_mailer(slow_smtp), OUTBOX_SEND_THREADS=4)
    seed(app, 8, sms=False)
    deliverer = app.extensions["deliverer_factory"]()
    tick(app, "test", deliverer)

    arrived = received(slow_smtp)
    assert set(arrived) == expected(8, sms=False) and max(arrived.values()) == 1
    assert slow_smtp.connections == 4
    assert count(app, OutboxMessage.status == SENT) == 8
    assert slow_smtp.quits == 0  # kept open for the next tick's messages
    deliverer.close()  # as a stopping worker does
    assert slow_smtp.quits == 4


def test_sigterm_finishes_the_message_in_hand_and_releases_the_rest(make_app, migrated, slow_smtp, tmp_path):
    app = make_app()
    seed(app, 150, sms=False)
    env = env_for(migrated, slow_smtp, OUTBOX_BATCH_SIZE="50")  # the default lease: 2 minutes
    with worker(env, tmp_path / "worker.log") as first:
        slow_smtp.wait_for(10, timeout=60)
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0

    left = count(app, OutboxMessage.status == PENDING)
    assert left > 0
    assert count(app, OutboxMessage.lease_owner.is_not(None)) == 0
    arrived = received(slow_smtp)
    assert sum(arrived.values()) == len(arrived) == count(app, OutboxMessage.status == SENT) == 150 - left
    assert "stopping on signal 15" in (tmp_path / "worker.log").read_text()

    with worker(env, tmp_path / "second.log"):  # released rows go out now, not after the lease
        wait_for(lambda: count(app, OutboxMessage.status == PENDING) == 0, timeout=60)
    arrived = received(slow_smtp)
    assert set(arrived) == expected(150, sms=False) and max(arrived.values()) == 1
