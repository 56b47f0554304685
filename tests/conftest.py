"""Fixtures every layer shares: which database the suite runs on, migrated once per run.

`DATABASE_URL` picks the database (SQLite by default; the README's test command runs the suite
once on each). On PostgreSQL each run gets its own schema, so runs side by side never meet,
and subprocesses (gunicorn, workers) reach it through the same URL.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from config import TestConfig
from core.clock import FixedClock
from tests.support.schemas import create_schema

REPO = Path(__file__).resolve().parents[1]


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked `one_pass("sqlite")` or `one_pass("postgres")` run in that pass only: a page's
    look in the browser, the demo on its own SQLite file, gunicorn under slow clients, an outage
    of a PostgreSQL of the test's own. Running them twice would only cost CI time."""
    this_pass = "postgres" if is_postgres(os.environ.get("DATABASE_URL", "")) else "sqlite"
    kept, elsewhere = [], []
    for item in items:
        mark = item.get_closest_marker("one_pass")
        if mark is not None and mark.args[0] not in ("sqlite", "postgres"):
            raise pytest.UsageError(f"{item.nodeid}: one_pass takes 'sqlite' or 'postgres'")
        (elsewhere if mark is not None and mark.args[0] != this_pass else kept).append(item)
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = kept


@contextmanager
def own_database(base: str, folder: Path):
    """The URL of a database no other run touches: a SQLite file in `folder` unless `base` is a
    PostgreSQL URL, then a schema of its own there, dropped afterwards."""
    if not is_postgres(base):
        yield f"sqlite:///{folder / 'test.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        create_schema(conn, schema)
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    with own_database(os.environ.get("DATABASE_URL", ""), tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def migrated(database_url) -> str:
    """Build the schema with the real migrations, as `flask db upgrade` does in production."""
    from flask_migrate import upgrade

    from wsgi import create_app

    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url))
    with app.app_context():
        upgrade()
    return database_url


@pytest.fixture
def smtp():
    """A real SMTP server on localhost that keeps what it receives."""
    from tests.support.smtp_server import SmtpCatcher

    with SmtpCatcher() as catcher:
        yield catcher


@pytest.fixture
def twilio():
    """A local HTTP server that answers like Twilio's Messages API."""
    from devtools.fake_twilio import FakeTwilio

    with FakeTwilio() as server:
        yield server


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))  # a Monday afternoon


def clean(app) -> None:
    from core.extensions import db

    with app.app_context():
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("TRUNCATE " + ", ".join(t.name for t in tables) + " RESTART IDENTITY"))
            else:
                for table in tables:
                    conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def make_app(migrated, clock):
    """Build apps on the migrated test database; every table is emptied after the test."""
    from wsgi import create_app

    built = []

    def build(**overrides):
        adapters = {
            key: overrides.pop(key) for key in ("mailer", "sms", "clock", "voice", "rng") if key in overrides
        }
        adapters.setdefault("clock", clock)
        app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=migrated, **overrides), **adapters)
        built.append(app)
        return app

    yield build
    if built:
        clean(built[0])


@pytest.fixture
def team_model(tmp_path):
    """Write model files as a team's retrained one would be, and put the shipped model back
    after the test: the model in use is one per process, and later tests assess with it."""
    import json

    from survey.sentiment_model import MODEL_FILE, use_model_file

    def write(shift: float = 0.0, raw: str | None = None) -> Path:
        """The shipped model with its English cut moved by ``shift`` (positive flags more), or
        ``raw`` text as the whole file."""
        path = tmp_path / f"team_model_{len(list(tmp_path.iterdir()))}.json"
        if raw is None:
            model = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
            model["combined"]["threshold"] = model["combined"].get("threshold", 0.0) - shift
            raw = json.dumps(model)
        path.write_text(raw, encoding="utf-8")
        return path

    yield write
    use_model_file(MODEL_FILE)
