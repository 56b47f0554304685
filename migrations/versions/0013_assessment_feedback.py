"""what the calls teach the assessment: verdict and topic of a reached attempt, the team's topic
list, and the weekly spot checks of answers read as fine

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("call_attempts") as batch:
        batch.add_column(sa.Column("verdict", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("topic", sa.String(length=40), nullable=True))
    op.create_table(
        "call_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_topics")),
        sa.UniqueConstraint("key", name=op.f("uq_call_topics_key")),
    )
    op.create_table(
        "spot_check_draws",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spot_check_draws")),
        sa.UniqueConstraint("week_start", name=op.f("uq_spot_check_draws_week_start")),
    )
    op.create_table(
        "spot_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=10), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["draw_id"], ["spot_check_draws.id"], name=op.f("fk_spot_checks_draw_id_spot_check_draws")
        ),
        sa.ForeignKeyConstraint(["response_id"], ["responses.id"], name=op.f("fk_spot_checks_response_id_responses")),
        sa.ForeignKeyConstraint(["reviewed_by"], ["users.id"], name=op.f("fk_spot_checks_reviewed_by_users")),
        sa.ForeignKeyConstraint(["task_id"], ["followup_tasks.id"], name=op.f("fk_spot_checks_task_id_followup_tasks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spot_checks")),
        sa.UniqueConstraint("response_id", name=op.f("uq_spot_checks_response_id")),
    )
    op.create_index(op.f("ix_spot_checks_draw_id"), "spot_checks", ["draw_id"])


def downgrade():
    op.drop_index(op.f("ix_spot_checks_draw_id"), table_name="spot_checks")
    op.drop_table("spot_checks")
    op.drop_table("spot_check_draws")
    op.drop_table("call_topics")
    with op.batch_alter_table("call_attempts") as batch:
        batch.drop_column("topic")
        batch.drop_column("verdict")
