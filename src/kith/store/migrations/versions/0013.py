"""When the user archived a person (``person.archived_at``): archived people are kept with all their
history but left out of the lists, the search, the agenda and the network's figures until unarchived.
The undo journal's triggers are made again so that archiving and unarchiving can be undone.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from kith.store.undo import install_triggers

    op.add_column("person", sa.Column("archived_at", sa.DateTime(), nullable=True))
    install_triggers(op.get_bind())


def downgrade() -> None:
    from kith.store.undo import drop_triggers, install_triggers

    # the triggers name every column; the table is altered in place (copying it, as a batch would, means
    # dropping it, which cascades to everything about the people)
    drop_triggers(op.get_bind())
    op.drop_column("person", "archived_at")
    install_triggers(op.get_bind())
