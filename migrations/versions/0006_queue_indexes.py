"""queue indexes: each page of the follow-up queue is read in index order, open or closed

The open queue's index gains the id that breaks ties in its order, so a page needs no sort; the
closed list (newest first) gets an index of its own instead of sorting every closed task.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_followup_tasks_queue", table_name="followup_tasks")
    op.create_index("ix_followup_tasks_queue", "followup_tasks", ["status", "next_attempt_at", "id"])
    op.create_index("ix_followup_tasks_closed", "followup_tasks", ["status", "closed_at", "id"])


def downgrade():
    op.drop_index("ix_followup_tasks_closed", table_name="followup_tasks")
    op.drop_index("ix_followup_tasks_queue", table_name="followup_tasks")
    op.create_index("ix_followup_tasks_queue", "followup_tasks", ["status", "next_attempt_at"])
