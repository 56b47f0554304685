"""voice calls: calls placed through Twilio, and attempts they verified

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("call_attempts") as batch:
        batch.add_column(sa.Column("verified", sa.Boolean(), server_default=sa.text("false"), nullable=False))
        batch.add_column(sa.Column("talk_seconds", sa.Integer(), nullable=True))
    op.create_table(
        "voice_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("call_sid", sa.String(length=64), nullable=True),
        sa.Column("dial_sid", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("answered_by", sa.String(length=30), nullable=True),
        sa.Column("dial_status", sa.String(length=20), nullable=True),
        sa.Column("talk_seconds", sa.Integer(), nullable=True),
        sa.Column("needs_outcome", sa.Boolean(), nullable=False),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("attempt_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["call_attempts.id"], name=op.f("fk_voice_calls_attempt_id_call_attempts")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["followup_tasks.id"], name=op.f("fk_voice_calls_task_id_followup_tasks")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_voice_calls_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_calls")),
        sa.UniqueConstraint("call_sid", name=op.f("uq_voice_calls_call_sid")),
        sa.UniqueConstraint("token", name=op.f("uq_voice_calls_token")),
    )
    op.create_index(op.f("ix_voice_calls_task_id"), "voice_calls", ["task_id"])


def downgrade():
    op.drop_index(op.f("ix_voice_calls_task_id"), table_name="voice_calls")
    op.drop_table("voice_calls")
    with op.batch_alter_table("call_attempts") as batch:
        batch.drop_column("talk_seconds")
        batch.drop_column("verified")
