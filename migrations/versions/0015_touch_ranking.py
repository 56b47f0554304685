"""touch list at scale: the worker's ranking of quiet customers, and the customers list's order

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_customers_name", "customers", ["name", "id"])
    op.create_table(
        "quiet_customers",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("answered_recently", sa.Boolean(), nullable=False),
        sa.Column("ticket_trend", sa.Integer(), nullable=False),
        sa.Column("ranked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_quiet_customers_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_quiet_customers")),
    )


def downgrade():
    op.drop_table("quiet_customers")
    op.drop_index("ix_customers_name", table_name="customers")
