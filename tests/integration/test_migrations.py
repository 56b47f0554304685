"""Every schema change is a migration: the migrated database matches the models exactly, and a
migration that changes data changes what it should."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, update

import config
from core.extensions import db
from core.indexes import kept_on
from followup.models import FollowupTask, TaskEvent
from survey.responses import record_answer
from tests.conftest import own_database
from tests.support import factories
from wsgi import create_app


# SQLite cannot reflect an index on an expression (lower(email)), so there it is left out of the
# comparison with a warning; the PostgreSQL pass compares it.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": kept_on(conn.dialect.name)})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


@pytest.fixture
def own_app(tmp_path):
    """An app context on a database of this test's own, which it may migrate up and down."""
    with (
        own_database(os.environ.get("DATABASE_URL", ""), tmp_path) as url,
        create_app(config.TestConfig(SQLALCHEMY_DATABASE_URI=url)).app_context(),
    ):
        yield
        db.session.remove()


def test_migration_0016_strips_the_quotes_older_events_hold_and_nothing_else(own_app, clock):
    upgrade()
    task = factories.unhappy_task(clock.now(), comment="the printer is broken")
    note = TaskEvent(task_id=task.id, kind="note", detail="said 'call me'", created_at=clock.now())
    db.session.add(note)
    db.session.commit()
    downgrade(revision="0015")
    opened = TaskEvent.kind == "opened"
    db.session.execute(update(TaskEvent).where(opened).values(detail="unhappy answer: 'broken'"))
    db.session.commit()

    upgrade()

    details = dict(db.session.execute(select(TaskEvent.kind, TaskEvent.detail)).all())
    assert details == {"opened": "unhappy answer", "note": "said 'call me'"}


def test_migration_0021_gives_each_existing_task_its_tickets_agent(own_app, clock):
    upgrade()
    answered = factories.survey(clock.now(), agent_email="Ann@Example.com")
    record_answer(db.session, answered, rating=1, comment="Still broken.", channel="web", now=clock.now())
    factories.unhappy_task(clock.now())  # a ticket with no agent
    db.session.commit()
    downgrade(revision="0020")

    upgrade()

    kept = db.session.scalars(select(FollowupTask.agent_email).order_by(FollowupTask.id)).all()
    assert kept == ["Ann@example.com", None]  # as the ticket keeps it
