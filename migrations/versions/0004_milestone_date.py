"""milestone date: when the next milestone worth a call falls

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("customer_profiles") as batch_op:
        batch_op.add_column(sa.Column("milestone_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("customer_profiles") as batch_op:
        batch_op.drop_column("milestone_on")
