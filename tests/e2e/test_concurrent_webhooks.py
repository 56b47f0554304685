"""Twenty copies of one webhook at the same instant still make one survey and one message per channel.

Help desks retry on timeouts and some fire two triggers for one change, so copies of a delivery
can arrive together at different gunicorn workers. On PostgreSQL several workers really race and
the unique keys must decide; SQLite allows one writer, so there the app runs one worker and the
same copies queue up in front of it: the answers must be the same either way.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import func, select

import config
from notify.models import OutboxMessage
from survey.models import Survey, WebhookDelivery
from tests.conftest import clean, is_postgres
from tests.support.processes import app_env, free_port, gunicorn
from tests.support.webhooks import SECRET, signed, ticket_closed
from wsgi import create_app

COPIES = 20


@pytest.fixture(scope="module")
def server(migrated, tmp_path_factory):
    """One server for the module: starting several workers is the slow part on a busy machine."""
    env = app_env(
        DATABASE_URL=migrated,
        WEBHOOK_SECRET=SECRET,
        TWILIO_ACCOUNT_SID="AC" + "0" * 32,
        TWILIO_AUTH_TOKEN="t" * 32,
        TWILIO_FROM_NUMBER="+15550009999",
    )
    workers = 3 if is_postgres(migrated) else 1
    log = tmp_path_factory.mktemp("concurrent") / "gunicorn.log"
    with gunicorn(env, free_port(), workers=workers, log_path=log) as url:
        yield url


@pytest.fixture
def served(server, migrated):
    yield server
    clean(create_app(config.TestConfig(SQLALCHEMY_DATABASE_URI=migrated)))


def post_together(url: str, requests_to_send: list[tuple[dict, bytes]]) -> list[requests.Response]:
    start = threading.Barrier(len(requests_to_send))
    answers: list[requests.Response | None] = [None] * len(requests_to_send)

    def send(index: int, headers: dict, body: bytes) -> None:
        with requests.Session() as session:
            session.get(url + "/healthz", timeout=10)  # connect first, so the posts leave together
            start.wait()
            answers[index] = session.post(url + "/webhooks/tickets", data=body, headers=headers, timeout=30)

    threads = [
        threading.Thread(target=send, args=(i, *request)) for i, request in enumerate(requests_to_send)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [answer for answer in answers if answer is not None]


def stored(database_url: str) -> tuple[int, list[tuple[str, str]], int]:
    app = create_app(config.TestConfig(SQLALCHEMY_DATABASE_URI=database_url))
    from core.extensions import db

    with app.app_context():
        surveys = db.session.scalar(select(func.count()).select_from(Survey))
        outbox = db.session.execute(select(OutboxMessage.channel, OutboxMessage.status)).all()
        deliveries = db.session.scalar(select(func.count()).select_from(WebhookDelivery))
        db.engine.dispose()
    return surveys, sorted(tuple(row) for row in outbox), deliveries


@pytest.mark.parametrize("copies_of", ["one delivery", "one ticket"])
def test_concurrent_copies_make_exactly_one_survey(served, migrated, copies_of):
    now = datetime.now(UTC)
    if copies_of == "one delivery":  # the same delivery retried: same webhook-id
        batch = [signed(ticket_closed("T-77"), now, msg_id="msg_same")] * COPIES
    else:  # one close announced by several deliveries: new ids, same ticket
        batch = [signed(ticket_closed("T-77"), now) for _ in range(COPIES)]
    answers = post_together(served, batch)

    assert len(answers) == COPIES
    assert sorted(a.status_code for a in answers) == [200] * (COPIES - 1) + [202]
    [survey_id] = {a.json()["survey_id"] for a in answers}
    assert sorted(a.json()["status"] for a in answers) == ["duplicate"] * (COPIES - 1) + ["scheduled"]
    surveys, outbox, deliveries = stored(migrated)
    assert surveys == 1
    assert outbox == [("email", "pending"), ("sms", "pending")]
    assert deliveries == (1 if copies_of == "one delivery" else COPIES)
