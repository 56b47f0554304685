"""touches: calls, emails, visits and notes logged by hand on the touch list

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "touches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_touches_customer_id_customers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_touches_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_touches")),
    )
    op.create_index(op.f("ix_touches_customer_id"), "touches", ["customer_id"])


def downgrade():
    op.drop_index(op.f("ix_touches_customer_id"), table_name="touches")
    op.drop_table("touches")
