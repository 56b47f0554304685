"""Throwaway schemas in one PostgreSQL database, for test and bench runs side by side.

An extension belongs to the database, not to a schema. A migration that finds `pg_trgm` missing
installs it into the first schema on its search path: a run's own schema here, and dropping that
schema (CASCADE) would take the extension with it, and with it the trigram indexes of every
other run using it. So the extension is installed once into `public`, which no run drops, before
a run's schema is made; the migration then finds it there.
"""

from __future__ import annotations

import sqlalchemy as sa

EXTENSIONS = ("pg_trgm",)


def create_schema(conn: sa.Connection, schema: str, exist_ok: bool = False) -> None:
    """Create `schema` (a name of the caller's own making) after the database's extensions."""
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('shared extensions'))"))  # one installer
    for extension in EXTENSIONS:
        conn.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS {extension} SCHEMA public"))
    conn.execute(sa.text(f"CREATE SCHEMA {'IF NOT EXISTS ' if exist_ok else ''}{schema}"))
