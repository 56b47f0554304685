"""quality section at scale: the calls with a verdict, and those with a topic, each off an index
of their own instead of a scan of every call

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_call_attempts_verdict",
        "call_attempts",
        ["id"],
        sqlite_where=sa.text("verdict IS NOT NULL"),
        postgresql_where=sa.text("verdict IS NOT NULL"),
    )
    op.create_index(
        "ix_call_attempts_topic",
        "call_attempts",
        ["created_at"],
        sqlite_where=sa.text("topic IS NOT NULL"),
        postgresql_where=sa.text("topic IS NOT NULL"),
    )


def downgrade():
    op.drop_index("ix_call_attempts_topic", table_name="call_attempts")
    op.drop_index("ix_call_attempts_verdict", table_name="call_attempts")
