"""customers list search at scale: trigram indexes on name, email and phone (PostgreSQL only)

ILIKE '%...%' on a plain column is answered from a GIN trigram index, so a search among half a
million customers reads the few that match instead of every row. SQLite has no such index and
holds small data: nothing to do there. The extension belongs to the database, not to a schema:
if it is already installed (in whatever schema), it is reused, and the operator class is named
with that schema, which need not be on this connection's search path. The downgrade leaves the
extension in place: other schemas of the database may use it.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

COLUMNS = ("name", "email", "phone")


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema = bind.scalar(
        sa.text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
    )
    for column in COLUMNS:
        op.create_index(
            f"ix_customers_{column}_trgm",
            "customers",
            [column],
            postgresql_using="gin",
            postgresql_ops={column: f"{schema}.gin_trgm_ops"},
        )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in reversed(COLUMNS):
        op.drop_index(f"ix_customers_{column}_trgm", table_name="customers")
