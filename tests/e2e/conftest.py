"""The running app: gunicorn and a worker as real processes, with local SMTP and Twilio peers."""

from __future__ import annotations

import os
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade

from config import TestConfig
from devtools.fake_twilio import DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN
from tests.conftest import clean, is_postgres, own_database
from tests.support.browser import chromium
from tests.support.factories import PASSWORD
from tests.support.processes import app_env, flask, free_port, gunicorn, worker
from tests.support.webhooks import SECRET
from wsgi import create_app

LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def running_app(
    database_url: str, smtp, twilio, logs: Path, with_worker: bool = True, settings=None, workers: int = 1
):
    """Environment, base URL and log folder of a running app whose worker ticks every 0.5 s;
    every table is emptied once it stops."""
    port = free_port()
    env = app_env(
        DATABASE_URL=database_url,
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        WEBHOOK_SECRET=SECRET,
        MAIL_SERVER=smtp.host,
        MAIL_PORT=str(smtp.port),
        MAIL_DEFAULT_SENDER="support@example.com",
        TWILIO_ACCOUNT_SID=DEMO_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=DEMO_AUTH_TOKEN,
        TWILIO_FROM_NUMBER="+15550009999",
        TWILIO_API_BASE=twilio.url,
        SCHEDULER_INTERVAL_SECONDS="0.5",
        BUSINESS_HOURS="Mon-Sun 00:00-24:00",
        GUNICORN_CMD_ARGS="--access-logfile -",  # into gunicorn.log, scanned for secrets
        VOICE_CALLS="on",
        **(settings or {}),
    )
    try:
        with ExitStack() as running:
            url = running.enter_context(gunicorn(env, port, workers, log_path=logs / "gunicorn.log"))
            if with_worker:
                running.enter_context(worker(env, logs / "worker.log"))
            yield {"env": env, "url": url, "logs": logs}
    finally:
        clean(create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url)))


@pytest.fixture
def stack_settings() -> dict[str, str]:
    """More settings for the stack; a module overrides this fixture to change them."""
    return {}


@pytest.fixture
def stack_workers() -> int:
    """gunicorn's workers in the stack: one (each is a process importing the app, and gevent
    serves many requests at once in one); a module overrides this fixture to have more."""
    return 1


@pytest.fixture
def stack(migrated, smtp, twilio, tmp_path, stack_settings, stack_workers):
    with running_app(migrated, smtp, twilio, tmp_path, settings=stack_settings, workers=stack_workers) as up:
        yield up


@pytest.fixture
def manager(stack) -> str:
    """A manager made with the real CLI, as an operator would; returns the login email."""
    email = "boss@example.com"
    flask(stack["env"], "users", "create", email, "--name", "Morgan", "--phone", "+15550100000",
          "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    return email


@pytest.fixture
def postgres_migrated(tmp_path):
    """A migrated schema of its own on the local PostgreSQL, whatever DATABASE_URL says: for what
    needs a database server reached over TCP (an outage between app and database)."""
    given = os.environ.get("DATABASE_URL", "")
    base = given if is_postgres(given) else os.environ.get("TEST_POSTGRES_URL", LOCAL_POSTGRES)
    with own_database(base, tmp_path) as url:
        with create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url)).app_context():
            upgrade()
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.fixture
def stored_rows(stack):
    """Count a table's rows (optionally `WHERE ...`) in the running app's database."""
    import sqlalchemy as sa

    engine = sa.create_engine(stack["env"]["DATABASE_URL"])

    def count(table: str, where: str = "TRUE") -> int:
        with engine.connect() as conn:
            return conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar_one()  # noqa: S608

    yield count
    engine.dispose()
