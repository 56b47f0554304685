"""dashboard at scale: hourly survey rollups and their watermark, each task's first call and
reach beside its opening, and the indexes the dashboard, the lists and the exports read

The two new task columns are filled from the attempts already logged; the rollups start empty
and the worker fills them (followup/rollup_refresh.py), the dashboard reading rows meanwhile.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

def _hour_and_agent() -> list[sa.Column]:
    return [
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agent_name", sa.String(length=200), nullable=False),
        sa.Column("agent_email", sa.String(length=320), nullable=False),
    ]


def upgrade():
    op.create_table(
        "sent_hours",
        *_hour_and_agent(),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "agent_name", "agent_email", name=op.f("pk_sent_hours")),
    )
    op.create_table(
        "answer_hours",
        *_hour_and_agent(),
        *(sa.Column(name, sa.Integer(), nullable=False)
          for name in ("answers", "good", "bad", "neither", "rating_sum", "unhappy", "unhappy_good")),  # fmt: skip
        sa.PrimaryKeyConstraint("hour", "agent_name", "agent_email", name=op.f("pk_answer_hours")),
    )
    op.create_table(
        "rollup_marks",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("rolled_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_rollup_marks")),
    )
    with op.batch_alter_table("followup_tasks") as batch:
        batch.add_column(sa.Column("first_called_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reached_at", sa.DateTime(timezone=True), nullable=True))
    first = "SELECT min(a.created_at) FROM call_attempts a WHERE a.task_id = followup_tasks.id"
    op.execute(
        f"UPDATE followup_tasks SET first_called_at = ({first}), "  # noqa: S608 - literal SQL
        f"reached_at = ({first} AND a.outcome = 'reached')"
    )
    op.create_index(
        "ix_followup_tasks_opened",
        "followup_tasks",
        ["opened_at"],
        postgresql_include=["assignee_id", "first_called_at", "reached_at"],
    )
    op.create_index(
        "ix_followup_tasks_open_assignee",
        "followup_tasks",
        ["assignee_id", "escalated"],
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_index(
        "ix_followup_tasks_first_call_due",
        "followup_tasks",
        ["first_call_deadline", "id"],
        sqlite_where=sa.text("status = 'open' AND NOT escalated AND failed_attempts = 0"),
        postgresql_where=sa.text("status = 'open' AND NOT escalated AND failed_attempts = 0"),
    )
    op.create_index(
        "ix_followup_tasks_escalation_unsent",
        "followup_tasks",
        ["id"],
        sqlite_where=sa.text("status = 'open' AND escalated AND NOT escalation_notified"),
        postgresql_where=sa.text("status = 'open' AND escalated AND NOT escalation_notified"),
    )
    op.create_index("ix_call_attempts_created_at", "call_attempts", ["created_at"])
    op.create_index(
        "ix_call_attempts_reached",
        "call_attempts",
        ["created_at"],
        postgresql_include=["verified", "talk_seconds"],
        sqlite_where=sa.text("outcome = 'reached'"),
        postgresql_where=sa.text("outcome = 'reached'"),
    )
    op.create_index(op.f("ix_surveys_sent_at"), "surveys", ["sent_at"])
    op.create_index(op.f("ix_responses_updated_at"), "responses", ["updated_at"])


def downgrade():
    op.drop_index(op.f("ix_responses_updated_at"), table_name="responses")
    op.drop_index(op.f("ix_surveys_sent_at"), table_name="surveys")
    op.drop_index("ix_call_attempts_reached", table_name="call_attempts")
    op.drop_index("ix_call_attempts_created_at", table_name="call_attempts")
    op.drop_index("ix_followup_tasks_escalation_unsent", table_name="followup_tasks")
    op.drop_index("ix_followup_tasks_first_call_due", table_name="followup_tasks")
    op.drop_index("ix_followup_tasks_open_assignee", table_name="followup_tasks")
    op.drop_index("ix_followup_tasks_opened", table_name="followup_tasks")
    with op.batch_alter_table("followup_tasks") as batch:
        batch.drop_column("reached_at")
        batch.drop_column("first_called_at")
    op.drop_table("rollup_marks")
    op.drop_table("answer_hours")
    op.drop_table("sent_hours")
