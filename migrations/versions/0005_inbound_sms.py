"""inbound sms: texts that could not be recorded as an answer, kept for the customer file

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "inbound_sms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("from_number", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_inbound_sms_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_sms")),
    )
    op.create_index(op.f("ix_inbound_sms_customer_id"), "inbound_sms", ["customer_id"])


def downgrade():
    op.drop_index(op.f("ix_inbound_sms_customer_id"), table_name="inbound_sms")
    op.drop_table("inbound_sms")
