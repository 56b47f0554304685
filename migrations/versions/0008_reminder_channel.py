"""reminder channel: how each user's call-back reminders and escalations reach them (sms, email, both)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("reminders", sa.String(length=5), nullable=False, server_default="sms"))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("reminders")
