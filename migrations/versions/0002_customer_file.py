"""customer file: notes and personal facts

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "customer_profiles",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("family", sa.String(length=500), nullable=False),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("hobbies", sa.String(length=500), nullable=False),
        sa.Column("milestones", sa.String(length=500), nullable=False),
        sa.Column("preferred_channel", sa.String(length=10), nullable=True),
        sa.Column("preferred_time", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_customer_profiles_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_customer_profiles_updated_by_id_users")),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customer_profiles")),
    )
    op.create_table(
        "customer_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_customer_notes_customer_id_customers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_customer_notes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_notes")),
    )
    op.create_index(op.f("ix_customer_notes_customer_id"), "customer_notes", ["customer_id"])


def downgrade():
    op.drop_index(op.f("ix_customer_notes_customer_id"), table_name="customer_notes")
    op.drop_table("customer_notes")
    op.drop_table("customer_profiles")
