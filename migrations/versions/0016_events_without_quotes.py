"""task events no longer repeat the words of a comment: strip the quotes older events hold

Revision ID: 0016
Revises: 0015

An "opened" or "answer" event used to repeat the answer's reasons, which may quote the comment
("negative words: 'broken'"). Events now say only the rating, so once these are stripped no
event holds a customer's words, and erasure and retention need only blank the comment and its
assessment's reasons.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

events = sa.table("task_events", sa.column("id", sa.Integer), sa.column("kind"), sa.column("detail"))


def upgrade():
    bind = op.get_bind()
    quoting = events.c.kind.in_(("opened", "answer")) & events.c.detail.contains("'")
    for event_id, detail in bind.execute(sa.select(events.c.id, events.c.detail).where(quoting)).all():
        head = detail.partition("'")[0].rstrip(" :,;")  # the label before the first quote stays
        bind.execute(events.update().where(events.c.id == event_id).values(detail=head))


def downgrade():
    pass  # the quoted words are gone, as intended
