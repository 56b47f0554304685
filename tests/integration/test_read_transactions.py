"""Requests that only read end in COMMIT (keeping PostgreSQL's prepared plans); any write still rolls back."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select, text

from core.access import public
from core.extensions import db
from followup.models import User
from tests.support import factories


@pytest.fixture
def probed(app, clock):
    """The app with routes that read, write without committing, and fail; and its engine's commits."""
    with app.app_context():
        factories.user(clock.now(), email="reader@example.com")
        db.session.commit()
        engine = db.engine

    def read():
        return str(db.session.scalar(select(func.count(User.id))))

    def flush_and_leave():
        factories.user(clock.now(), email="left@example.com")
        db.session.flush()
        return "flushed"

    def raw_write_and_leave():
        db.session.execute(text("UPDATE users SET name = 'Changed' WHERE email = 'reader@example.com'"))
        return "updated"

    def pending_and_leave():
        db.session.scalar(select(User).where(User.email == "reader@example.com")).name = "Pending"
        return "pending"

    for view in (read, flush_and_leave, raw_write_and_leave, pending_and_leave):
        app.add_url_rule(f"/probe/{view.__name__}", view.__name__, public(view))
    commits = []
    event.listen(engine, "commit", lambda conn: commits.append(1))
    return app, commits


def test_a_request_that_only_read_commits_and_keeps_prepared_statements(probed):
    app, commits = probed
    client = app.test_client()
    for _ in range(7):  # psycopg prepares a statement the fifth time a connection runs it
        assert client.get("/probe/read").text == "1"
    assert len(commits) == 7
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            prepared = db.session.scalars(text("SELECT statement FROM pg_prepared_statements")).all()
            assert any("count(users.id)" in statement for statement in prepared)


@pytest.mark.parametrize("route", ["flush_and_leave", "raw_write_and_leave", "pending_and_leave"])
def test_a_request_that_wrote_without_committing_still_rolls_back(probed, route):
    app, commits = probed
    assert app.test_client().get(f"/probe/{route}").status_code == 200
    assert commits == []
    with app.app_context():
        names = db.session.scalars(select(User.name).order_by(User.id)).all()
        emails = db.session.scalars(select(User.email)).all()
    assert emails == ["reader@example.com"] and "Changed" not in names and "Pending" not in names
