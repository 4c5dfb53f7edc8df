"""When an introduction asked for ended without being made: ``intro.ended_at``, the time it was declined
or withdrawn (None while asked, and for one made, which has ``made_at``). Requests ended before this
migration keep no time: it was never recorded. The undo journal's triggers are made again so that the
new column is journaled.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from kith.store.undo import drop_triggers, install_triggers

    drop_triggers(op.get_bind())
    # a plain ADD COLUMN on both databases: SQLite keeps the table (and its AUTOINCREMENT) as it is
    op.add_column("intro", sa.Column("ended_at", sa.DateTime(), nullable=True))
    install_triggers(op.get_bind())


def downgrade() -> None:
    from kith.store.undo import drop_triggers, install_triggers

    drop_triggers(op.get_bind())
    op.drop_column("intro", "ended_at")  # in place on both (SQLite 3.35 and later, as 0012)
    install_triggers(op.get_bind())
