"""Every schema change is a migration: the migrated database matches the models exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core.extensions import db


# SQLite cannot reflect an index on an expression (lower(email)), so there it is left out of the
# comparison with a warning; the PostgreSQL pass compares it.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert differences == []
