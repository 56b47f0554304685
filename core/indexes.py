"""Indexes only PostgreSQL builds, declared once on the model.

A trigram index (GIN, `gin_trgm_ops`) lets `ILIKE '%...%'` find a few customers among half a
million without reading them all. SQLite has no such index, and the data it holds is small
enough to scan, so the index's migration builds it on PostgreSQL only. The model says so once:
`create_all` skips it elsewhere (`ddl_if`), and Alembic's comparison of the models with a
migrated database leaves it out there (`kept_on`, used by migrations/env.py and the migrations
test), instead of reporting it missing.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Index

ONLY_ON = "only_on"  # Index.info key: the one dialect whose databases hold the index


def trigram_index(name: str, column: str) -> Index:
    """A PostgreSQL trigram index on `column`, which `ILIKE` with a pattern of 3+ characters uses."""
    index = Index(
        name,
        column,
        postgresql_using="gin",
        postgresql_ops={column: "gin_trgm_ops"},
        info={ONLY_ON: "postgresql"},
    )
    return index.ddl_if(dialect="postgresql")


def kept_on(dialect: str) -> Callable[..., bool]:
    """Alembic's `include_object` for a database of `dialect`: what only others hold is left out."""

    def include(obj, name, type_, reflected, compare_to) -> bool:
        return getattr(obj, "info", {}).get(ONLY_ON, dialect) == dialect

    return include
