"""brand and survey wording set on the settings page, its audit trail, and held one-tap ratings

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "brand_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_name", sa.String(length=100), nullable=True),
        sa.Column("logo_url", sa.String(length=500), nullable=True),
        sa.Column("brand_color", sa.String(length=7), nullable=True),
        sa.Column("postal_address", sa.String(length=300), nullable=True),
        sa.Column("reply_to", sa.String(length=320), nullable=True),
        sa.Column("question", sa.String(length=200), nullable=True),
        sa.Column("thank_you", sa.String(length=500), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brand_settings")),
    )
    op.create_table(
        "brand_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old_value", sa.String(length=500), nullable=True),
        sa.Column("new_value", sa.String(length=500), nullable=True),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["changed_by"], ["users.id"], name=op.f("fk_brand_changes_changed_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brand_changes")),
    )
    op.create_index(op.f("ix_brand_changes_changed_at"), "brand_changes", ["changed_at"])
    op.create_table(
        "survey_taps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("tapped_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_survey_taps_tap_rating")),
        sa.ForeignKeyConstraint(["survey_id"], ["surveys.id"], name=op.f("fk_survey_taps_survey_id_surveys")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_taps")),
    )
    op.create_index(op.f("ix_survey_taps_survey_id"), "survey_taps", ["survey_id"])
    op.create_index("ix_survey_taps_state_due", "survey_taps", ["state", "due_at"])


def downgrade():
    op.drop_index("ix_survey_taps_state_due", table_name="survey_taps")
    op.drop_index(op.f("ix_survey_taps_survey_id"), table_name="survey_taps")
    op.drop_table("survey_taps")
    op.drop_index(op.f("ix_brand_changes_changed_at"), table_name="brand_changes")
    op.drop_table("brand_changes")
    op.drop_table("brand_settings")
