"""sessions kept server-side, several API tokens per user, Twilio callbacks applied once

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_login_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_login_sessions_token_hash")),
    )
    op.create_index(op.f("ix_login_sessions_user_id"), "login_sessions", ["user_id"])
    tokens = op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("shown", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"])
    # Each user's one token so far keeps working, now as a row of its own.
    users = sa.table(
        "users", sa.column("id"), sa.column("api_token_hash"), sa.column("created_at")
    )
    rows = op.get_bind().execute(
        sa.select(users.c.id, users.c.api_token_hash, users.c.created_at).where(
            users.c.api_token_hash.is_not(None)
        )
    )
    op.bulk_insert(
        tokens,
        [
            {"user_id": uid, "token_hash": digest, "shown": "cs_", "created_at": created}
            for uid, digest, created in rows
        ],
    )
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_api_token_hash", type_="unique")
        batch.drop_column("api_token_hash")
    op.create_table(
        "twilio_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_sid", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=30), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_twilio_receipts")),
        sa.UniqueConstraint("message_sid", "event", name=op.f("uq_twilio_receipts_message_sid_event")),
    )


def downgrade():
    op.drop_table("twilio_receipts")
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("api_token_hash", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_users_api_token_hash", ["api_token_hash"])
    op.drop_index(op.f("ix_api_tokens_user_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_index(op.f("ix_login_sessions_user_id"), table_name="login_sessions")
    op.drop_table("login_sessions")
