"""an agent's lists at scale: each task keeps its ticket's agent, so an agent's queue is read off
an index instead of walking every task and its ticket

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("followup_tasks", sa.Column("agent_email", sa.String(length=320), nullable=True))
    op.execute(
        """UPDATE followup_tasks SET agent_email = (
             SELECT tickets.agent_email FROM responses
             JOIN surveys ON surveys.id = responses.survey_id
             JOIN tickets ON tickets.id = surveys.ticket_id
             WHERE responses.id = followup_tasks.response_id)"""
    )
    op.create_index("ix_followup_tasks_agent", "followup_tasks", ["agent_email", "status"])
    # Statistics for the new column now, not at autovacuum's leisure: without them the planner
    # walks every closed task for an agent with none.
    op.execute("ANALYZE followup_tasks")


def downgrade():
    op.drop_index("ix_followup_tasks_agent", table_name="followup_tasks")
    with op.batch_alter_table("followup_tasks") as batch:
        batch.drop_column("agent_email")
