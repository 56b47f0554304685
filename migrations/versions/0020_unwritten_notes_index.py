"""calls that need a note at scale: the verified reaches without a note, off an index of their own

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

UNWRITTEN = "outcome = 'reached' AND verified IS true AND note = ''"


def upgrade():
    op.create_index(
        "ix_call_attempts_unwritten",
        "call_attempts",
        ["created_at", "id"],
        sqlite_where=sa.text(UNWRITTEN),
        postgresql_where=sa.text(UNWRITTEN),
    )


def downgrade():
    op.drop_index("ix_call_attempts_unwritten", table_name="call_attempts")
