"""customer email case: files are found by email whatever its case, through an index on lower(email)

Revision ID: 0007
Revises: 0006
"""

from alembic import op
from sqlalchemy import text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_customers_email_lower", "customers", [text("lower(email)")])


def downgrade():
    op.drop_index("ix_customers_email_lower", table_name="customers")
